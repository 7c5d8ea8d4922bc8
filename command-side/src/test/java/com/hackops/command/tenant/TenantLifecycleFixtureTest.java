package com.hackops.command.tenant;

import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.tenant.TenantProfileUpdated;
import com.hackops.events.tenant.TenantReactivated;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageThresholdCrossed;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static com.hackops.command.rejection.RejectionKind.SLUG_TAKEN;
import static com.hackops.command.rejection.RejectionKind.TENANT_ARCHIVED;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.ADMIN;
import static com.hackops.command.tenant.TenantFixtures.ADMIN_ID;
import static com.hackops.command.tenant.TenantFixtures.FREE_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.FREE_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.NAME;
import static com.hackops.command.tenant.TenantFixtures.OTHER_TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.SLUG;
import static com.hackops.command.tenant.TenantFixtures.STARTER_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.STARTER_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.sealedEmailOf;
import static com.hackops.command.tenant.TenantFixtures.joined;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static com.hackops.command.tenant.TenantFixtures.tenantOn;
import static com.hackops.events.types.Metric.ADMINS;
import static org.assertj.core.api.Assertions.assertThat;

/** Creating a tenant, its profile, and its lifecycle: suspend, reactivate, archive. */
class TenantLifecycleFixtureTest {

    private static final String NEW_NAME = "Hack Night Munich";
    private static final String NEW_SLUG = "hack-night-munich";

    private InMemorySlugRegistry slugs;
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        slugs = new InMemorySlugRegistry();
        fixture = tenantFixture(slugs, new InMemoryIdempotencyKeys());
    }

    // --- CreateTenant

    @Test
    void a_new_free_tenant_makes_its_creator_owner_of_its_only_admin_seat() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT_ID, NAME, SLUG, Plan.FREE, null, OWNER))
                .expectEvents(
                        new TenantCreated(TENANT_ID, NAME, SLUG, Plan.FREE, FREE_LIMITS, FREE_FEATURES, OWNER_ID),
                        new MemberAdded(TENANT_ID, OWNER_ID, sealedEmailOf(OWNER_ID), Role.OWNER, OWNER_ID),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 80, 1, 1),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 100, 1, 1))
                .expectResultMessagePayload(new TenantVersion(3));
    }

    @Test
    void a_new_starter_tenant_uses_one_of_three_admin_seats_and_crosses_no_threshold() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT_ID, NAME, SLUG, Plan.STARTER, null, OWNER))
                .expectEvents(
                        new TenantCreated(TENANT_ID, NAME, SLUG, Plan.STARTER, STARTER_LIMITS, STARTER_FEATURES, OWNER_ID),
                        new MemberAdded(TENANT_ID, OWNER_ID, sealedEmailOf(OWNER_ID), Role.OWNER, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(1));
    }

    @Test
    void a_new_tenant_reserves_its_slug() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT_ID, NAME, SLUG, Plan.FREE, null, OWNER))
                .expectSuccessfulHandlerExecution();

        assertThat(slugs.holderOf(SLUG)).contains(TENANT_ID);
    }

    @Test
    void a_new_tenant_with_a_slug_another_tenant_holds_is_refused_and_records_nothing() {
        slugs.reserve(SLUG, OTHER_TENANT_ID);

        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT_ID, NAME, SLUG, Plan.FREE, null, OWNER))
                .expectException(rejectedAs(SLUG_TAKEN).withDetail("slug", SLUG))
                .expectNoEvents();

        assertThat(slugs.holderOf(SLUG)).contains(OTHER_TENANT_ID);
    }

    // --- UpdateTenantProfile

    @Test
    void a_new_name_is_recorded_and_the_slug_kept() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new UpdateTenantProfile(TENANT_ID, NEW_NAME, null, OWNER))
                .expectEvents(new TenantProfileUpdated(TENANT_ID, NEW_NAME, SLUG, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void a_new_slug_is_reserved_and_the_old_one_released() {
        slugs.reserve(SLUG, TENANT_ID);

        fixture.given(tenantOn(Plan.FREE, joined(ADMIN_ID, Role.ADMIN)))
                .when(new UpdateTenantProfile(TENANT_ID, null, NEW_SLUG, ADMIN))
                .expectEvents(new TenantProfileUpdated(TENANT_ID, NAME, NEW_SLUG, ADMIN_ID))
                .expectResultMessagePayload(new TenantVersion(3));

        assertThat(slugs.holderOf(NEW_SLUG)).contains(TENANT_ID);
        assertThat(slugs.holderOf(SLUG)).isEmpty();
    }

    @Test
    void a_profile_update_with_the_current_values_records_nothing() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new UpdateTenantProfile(TENANT_ID, NAME, SLUG, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(1));
    }

    @Test
    void a_slug_another_tenant_holds_is_refused_and_records_nothing() {
        slugs.reserve(NEW_SLUG, OTHER_TENANT_ID);

        fixture.given(tenantOn(Plan.FREE))
                .when(new UpdateTenantProfile(TENANT_ID, NEW_NAME, NEW_SLUG, OWNER))
                .expectException(rejectedAs(SLUG_TAKEN).withDetail("slug", NEW_SLUG))
                .expectNoEvents();
    }

    // --- SuspendTenant, ReactivateTenant

    @Test
    void an_active_tenant_is_suspended() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new SuspendTenant(TENANT_ID, OWNER))
                .expectEvents(new TenantSuspended(TENANT_ID, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void suspending_a_suspended_tenant_records_nothing() {
        fixture.given(tenantOn(Plan.FREE, new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(new SuspendTenant(TENANT_ID, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void a_suspended_tenant_is_reactivated() {
        fixture.given(tenantOn(Plan.FREE, new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(new ReactivateTenant(TENANT_ID, OWNER))
                .expectEvents(new TenantReactivated(TENANT_ID, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(3));
    }

    @Test
    void reactivating_an_active_tenant_records_nothing() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new ReactivateTenant(TENANT_ID, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(1));
    }

    // --- ArchiveTenant

    @Test
    void an_active_tenant_is_archived() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new ArchiveTenant(TENANT_ID, OWNER))
                .expectEvents(new TenantArchived(TENANT_ID, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void a_suspended_tenant_is_archived() {
        fixture.given(tenantOn(Plan.FREE, new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(new ArchiveTenant(TENANT_ID, OWNER))
                .expectEvents(new TenantArchived(TENANT_ID, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(3));
    }

    @Test
    void archiving_an_archived_tenant_records_nothing() {
        fixture.given(tenantOn(Plan.FREE, new TenantArchived(TENANT_ID, OWNER_ID)))
                .when(new ArchiveTenant(TENANT_ID, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(2));
    }

    /** Erasing personal data is a legal duty, not a change: it works on archived tenants (TenantPersonalDataFixtureTest). */
    @ParameterizedTest
    @EnumSource(value = TenantOperation.class, mode = EnumSource.Mode.EXCLUDE, names = {"ARCHIVE", "ERASE_PERSONAL_DATA"})
    void an_archived_tenant_refuses_every_change_even_from_its_owner(TenantOperation operation) {
        List<Object> archived = new ArrayList<>(operation.history());
        archived.add(new TenantArchived(TENANT_ID, OWNER_ID));

        fixture.given(archived)
                .when(operation.by(OWNER))
                .expectException(rejectedAs(TENANT_ARCHIVED))
                .expectNoEvents();
    }
}
