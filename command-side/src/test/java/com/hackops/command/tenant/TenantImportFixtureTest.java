package com.hackops.command.tenant;

import com.hackops.command.imports.ImportTenant;
import com.hackops.command.imports.ImportedMember;
import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.command.usage.TrackUsage;
import com.hackops.command.usage.UsageItem;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageThresholdCrossed;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Caller;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static com.hackops.command.rejection.RejectionKind.ALREADY_IMPORTED;
import static com.hackops.command.rejection.RejectionKind.FORBIDDEN;
import static com.hackops.command.rejection.RejectionKind.INVALID_COMMAND;
import static com.hackops.command.rejection.RejectionKind.LIMIT_EXCEEDED;
import static com.hackops.command.rejection.RejectionKind.SLUG_TAKEN;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.ADMIN_ID;
import static com.hackops.command.tenant.TenantFixtures.AT;
import static com.hackops.command.tenant.TenantFixtures.MEMBER_ID;
import static com.hackops.command.tenant.TenantFixtures.NAME;
import static com.hackops.command.tenant.TenantFixtures.OTHER_TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.PLATFORM_ADMIN;
import static com.hackops.command.tenant.TenantFixtures.SLUG;
import static com.hackops.command.tenant.TenantFixtures.STARTER_FEATURES;
import static com.hackops.command.tenant.TenantFixtures.STARTER_LIMITS;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.emailOf;
import static com.hackops.command.tenant.TenantFixtures.sealedEmailOf;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static com.hackops.events.types.Metric.ADMINS;
import static com.hackops.events.types.Metric.EVENTS;
import static com.hackops.events.types.Metric.PARTICIPANTS;
import static com.hackops.events.types.Plan.STARTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ImportTenant: a tenant adopted from another system's export keeps its creation date, gets its members and its usage
 * through the ordinary rules, claims its slug and its export row; platform admins only; an invalid or repeated row
 * records nothing. STARTER allows 5 events, 200 participants and 3 admin seats.
 */
class TenantImportFixtureTest {

    private static final Instant CREATED_AT = Instant.parse("2021-05-04T09:30:00Z");
    private static final String SOURCE = "eventhub-legacy";
    private static final String EXTERNAL_ID = "org-1042";
    private static final String IMPORTER = PLATFORM_ADMIN.userId();

    private InMemorySlugRegistry slugs;
    private InMemoryImportedTenants imports;
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        slugs = new InMemorySlugRegistry();
        imports = new InMemoryImportedTenants();
        fixture = tenantFixture(slugs, new InMemoryIdempotencyKeys());
        fixture.registerInjectableResource(imports);
    }

    @Test
    void an_imported_tenant_keeps_its_creation_date_and_gets_its_members_and_usage_in_order() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner(), member(ADMIN_ID, Role.ADMIN), member(MEMBER_ID, Role.MEMBER)),
                        List.of(new UsageItem(EVENTS, 4, AT), new UsageItem(PARTICIPANTS, 120, AT)), PLATFORM_ADMIN))
                .expectEvents(
                        imported(),
                        new MemberAdded(TENANT_ID, OWNER_ID, sealedEmailOf(OWNER_ID), Role.OWNER, IMPORTER),
                        new MemberAdded(TENANT_ID, ADMIN_ID, sealedEmailOf(ADMIN_ID), Role.ADMIN, IMPORTER),
                        new MemberAdded(TENANT_ID, MEMBER_ID, sealedEmailOf(MEMBER_ID), Role.MEMBER, IMPORTER),
                        new UsageTracked(TENANT_ID, List.of(new UsageChange(EVENTS, 4, 4, 4, AT),
                                new UsageChange(PARTICIPANTS, 120, 120, 120, AT)), IMPORTER),
                        new UsageThresholdCrossed(TENANT_ID, EVENTS, 80, 4, 5))
                .expectResultMessagePayload(new TenantVersion(5));

        assertThat(slugs.holderOf(SLUG)).contains(TENANT_ID);
        assertThat(imports.tenantOf(SOURCE, EXTERNAL_ID)).contains(TENANT_ID);
    }

    @Test
    void admin_seats_of_imported_members_cross_thresholds_like_added_ones_and_zero_usage_records_no_usage_event() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner(), member(ADMIN_ID, Role.OWNER), member(MEMBER_ID, Role.ADMIN)),
                        List.of(new UsageItem(EVENTS, 0, AT)), PLATFORM_ADMIN))
                .expectEvents(
                        imported(),
                        new MemberAdded(TENANT_ID, OWNER_ID, sealedEmailOf(OWNER_ID), Role.OWNER, IMPORTER),
                        new MemberAdded(TENANT_ID, ADMIN_ID, sealedEmailOf(ADMIN_ID), Role.OWNER, IMPORTER),
                        new MemberAdded(TENANT_ID, MEMBER_ID, sealedEmailOf(MEMBER_ID), Role.ADMIN, IMPORTER),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 80, 3, 3),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 100, 3, 3))
                .expectResultMessagePayload(new TenantVersion(5));
    }

    @Test
    void an_imported_tenant_enforces_its_plan_like_a_created_one() {
        fixture.given(imported(), new MemberAdded(TENANT_ID, OWNER_ID, sealedEmailOf(OWNER_ID), Role.OWNER, IMPORTER),
                        new UsageTracked(TENANT_ID, List.of(new UsageChange(EVENTS, 5, 5, 5, AT)), IMPORTER))
                .when(new TrackUsage(TENANT_ID, List.of(new UsageItem(EVENTS, 1, AT)), true, null, OWNER))
                .expectException(rejectedAs(LIMIT_EXCEEDED).withDetail("used", 5L).withDetail("limit", 5L))
                .expectNoEvents();
    }

    @Test
    void only_platform_admins_import() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner()), List.of(), OWNER))
                .expectException(rejectedAs(FORBIDDEN))
                .expectNoEvents();

        assertThat(slugs.holderOf(SLUG)).isEmpty();
    }

    @Test
    void a_tenant_without_an_owner_is_refused_and_records_nothing() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(member(ADMIN_ID, Role.ADMIN)), List.of(), PLATFORM_ADMIN))
                .expectException(rejectedAs(INVALID_COMMAND))
                .expectExceptionMessage("no member has role OWNER (a tenant always has one)")
                .expectNoEvents();
    }

    @Test
    void usage_above_the_plan_is_refused_and_records_nothing() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner()), List.of(new UsageItem(PARTICIPANTS, 201, AT)), PLATFORM_ADMIN))
                .expectException(rejectedAs(INVALID_COMMAND))
                .expectExceptionMessage("usage of PARTICIPANTS (201) is above plan STARTER's limit of 200")
                .expectNoEvents();
    }

    @Test
    void more_admins_than_the_plan_has_seats_are_refused_and_record_nothing() {
        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner(), member(ADMIN_ID, Role.ADMIN), member(MEMBER_ID, Role.ADMIN),
                        member("user-fourth", Role.ADMIN)), List.of(), PLATFORM_ADMIN))
                .expectException(rejectedAs(INVALID_COMMAND))
                .expectExceptionMessage("4 members take admin seats (OWNER, ADMIN); plan STARTER has 3")
                .expectNoEvents();
    }

    @Test
    void a_creation_date_in_the_future_is_refused_and_records_nothing() {
        fixture.givenNoPriorActivity()
                .when(new ImportTenant(TENANT_ID, NAME, SLUG, STARTER, Instant.parse("2999-01-01T00:00:00Z"), SOURCE,
                        EXTERNAL_ID, List.of(owner()), List.of(), PLATFORM_ADMIN))
                .expectException(rejectedAs(INVALID_COMMAND))
                .expectNoEvents();
    }

    @Test
    void a_slug_another_tenant_holds_is_refused_and_records_nothing() {
        slugs.reserve(SLUG, OTHER_TENANT_ID);

        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner()), List.of(), PLATFORM_ADMIN))
                .expectException(rejectedAs(SLUG_TAKEN).withDetail("slug", SLUG))
                .expectNoEvents();

        assertThat(imports.tenantOf(SOURCE, EXTERNAL_ID)).isEmpty();
    }

    @Test
    void a_row_imported_before_creates_nothing_again() {
        imports.record(SOURCE, EXTERNAL_ID, OTHER_TENANT_ID);

        fixture.givenNoPriorActivity()
                .when(importing(List.of(owner()), List.of(), PLATFORM_ADMIN))
                .expectException(rejectedAs(ALREADY_IMPORTED).withDetail("tenantId", OTHER_TENANT_ID.toString()))
                .expectNoEvents();
    }

    private static ImportTenant importing(List<ImportedMember> members, List<UsageItem> usage, Caller caller) {
        return new ImportTenant(TENANT_ID, NAME, SLUG, STARTER, CREATED_AT, SOURCE, EXTERNAL_ID, members, usage, caller);
    }

    private static TenantImported imported() {
        return new TenantImported(TENANT_ID, NAME, SLUG, STARTER, STARTER_LIMITS, STARTER_FEATURES, CREATED_AT, SOURCE,
                EXTERNAL_ID, IMPORTER);
    }

    private static ImportedMember owner() {
        return member(OWNER_ID, Role.OWNER);
    }

    private static ImportedMember member(String userId, Role role) {
        return new ImportedMember(userId, emailOf(userId), null, role);
    }
}
