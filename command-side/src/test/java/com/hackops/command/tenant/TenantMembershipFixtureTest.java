package com.hackops.command.tenant;

import com.hackops.command.membership.AddMember;
import com.hackops.command.membership.ChangeMemberRole;
import com.hackops.command.membership.RemoveMember;
import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.tenant.TenantSuspended;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageOverLimitCleared;
import com.hackops.events.usage.UsageThresholdCrossed;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.hackops.command.rejection.RejectionKind.FORBIDDEN;
import static com.hackops.command.rejection.RejectionKind.LAST_OWNER;
import static com.hackops.command.rejection.RejectionKind.LIMIT_EXCEEDED;
import static com.hackops.command.rejection.RejectionKind.MEMBER_EXISTS;
import static com.hackops.command.rejection.RejectionKind.MEMBER_NOT_FOUND;
import static com.hackops.command.rejection.RejectionKind.TENANT_SUSPENDED;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.ADMIN;
import static com.hackops.command.tenant.TenantFixtures.ADMIN_ID;
import static com.hackops.command.tenant.TenantFixtures.CO_OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.MEMBER_ID;
import static com.hackops.command.tenant.TenantFixtures.NEWCOMER_ID;
import static com.hackops.command.tenant.TenantFixtures.OUTSIDER_ID;
import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.emailOf;
import static com.hackops.command.tenant.TenantFixtures.joined;
import static com.hackops.command.tenant.TenantFixtures.planChanged;
import static com.hackops.command.tenant.TenantFixtures.sealedEmailOf;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static com.hackops.command.tenant.TenantFixtures.tenantOn;
import static com.hackops.events.types.Metric.ADMINS;

/** AddMember, ChangeMemberRole, RemoveMember: admin seats, the OWNER rules, and the suspended tenant. */
class TenantMembershipFixtureTest {

    private static final String NEWCOMER_EMAIL = emailOf(NEWCOMER_ID);
    private static final SealedPersonalData NEWCOMER_SEALED = sealedEmailOf(NEWCOMER_ID);

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = tenantFixture(new InMemorySlugRegistry(), new InMemoryIdempotencyKeys());
    }

    // --- AddMember

    @Test
    void an_admin_takes_a_free_seat() {
        fixture.given(tenantOn(Plan.STARTER))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.ADMIN, OWNER))
                .expectEvents(new MemberAdded(TENANT_ID, NEWCOMER_ID, NEWCOMER_SEALED, Role.ADMIN, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void the_admin_who_takes_the_last_seat_crosses_80_and_100_percent() {
        fixture.given(tenantOn(Plan.STARTER, joined(ADMIN_ID, Role.ADMIN)))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.ADMIN, ADMIN))
                .expectEvents(
                        new MemberAdded(TENANT_ID, NEWCOMER_ID, NEWCOMER_SEALED, Role.ADMIN, ADMIN_ID),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 80, 3, 3),
                        new UsageThresholdCrossed(TENANT_ID, ADMINS, 100, 3, 3))
                .expectResultMessagePayload(new TenantVersion(5));
    }

    @Test
    void an_admin_beyond_the_plans_seats_is_refused_and_records_nothing() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.ADMIN, OWNER))
                .expectException(rejectedAs(LIMIT_EXCEEDED)
                        .withDetail("metric", ADMINS).withDetail("used", 1L).withDetail("limit", 1L))
                .expectNoEvents();
    }

    @Test
    void a_viewer_needs_no_admin_seat() {
        fixture.given(tenantOn(Plan.FREE))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.VIEWER, OWNER))
                .expectEvents(new MemberAdded(TENANT_ID, NEWCOMER_ID, NEWCOMER_SEALED, Role.VIEWER, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void an_owner_may_make_another_owner() {
        fixture.given(tenantOn(Plan.STARTER))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.OWNER, OWNER))
                .expectEvents(new MemberAdded(TENANT_ID, NEWCOMER_ID, NEWCOMER_SEALED, Role.OWNER, OWNER_ID));
    }

    @Test
    void an_admin_may_not_make_an_owner() {
        fixture.given(tenantOn(Plan.STARTER, joined(ADMIN_ID, Role.ADMIN)))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.OWNER, ADMIN))
                .expectException(rejectedAs(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void adding_a_member_with_the_role_they_hold_records_nothing() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER)))
                .when(new AddMember(TENANT_ID, MEMBER_ID, emailOf(MEMBER_ID), null, Role.MEMBER, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void adding_a_member_with_another_role_is_refused_as_member_exists() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER)))
                .when(new AddMember(TENANT_ID, MEMBER_ID, emailOf(MEMBER_ID), null, Role.ADMIN, OWNER))
                .expectException(rejectedAs(MEMBER_EXISTS))
                .expectNoEvents();
    }

    @Test
    void a_suspended_tenant_takes_no_new_members() {
        fixture.given(tenantOn(Plan.STARTER, new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, NEWCOMER_EMAIL, null, Role.VIEWER, OWNER))
                .expectException(rejectedAs(TENANT_SUSPENDED))
                .expectNoEvents();
    }

    // --- ChangeMemberRole

    @Test
    void a_member_is_promoted_to_admin() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER)))
                .when(new ChangeMemberRole(TENANT_ID, MEMBER_ID, Role.ADMIN, OWNER))
                .expectEvents(new MemberRoleChanged(TENANT_ID, MEMBER_ID, Role.MEMBER, Role.ADMIN, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(3));
    }

    @Test
    void a_promotion_beyond_the_plans_admin_seats_is_refused_and_records_nothing() {
        fixture.given(tenantOn(Plan.FREE, joined(MEMBER_ID, Role.MEMBER)))
                .when(new ChangeMemberRole(TENANT_ID, MEMBER_ID, Role.ADMIN, OWNER))
                .expectException(rejectedAs(LIMIT_EXCEEDED).withDetail("metric", ADMINS))
                .expectNoEvents();
    }

    @Test
    void changing_to_the_role_held_records_nothing() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER)))
                .when(new ChangeMemberRole(TENANT_ID, MEMBER_ID, Role.MEMBER, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(2));
    }

    @Test
    void changing_the_role_of_a_non_member_is_refused_as_member_not_found() {
        fixture.given(tenantOn(Plan.STARTER))
                .when(new ChangeMemberRole(TENANT_ID, OUTSIDER_ID, Role.ADMIN, OWNER))
                .expectException(rejectedAs(MEMBER_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void the_last_owner_cannot_be_demoted() {
        fixture.given(tenantOn(Plan.STARTER))
                .when(new ChangeMemberRole(TENANT_ID, OWNER_ID, Role.ADMIN, OWNER))
                .expectException(rejectedAs(LAST_OWNER))
                .expectNoEvents();
    }

    @Test
    void one_of_two_owners_may_be_demoted() {
        fixture.given(tenantOn(Plan.STARTER, joined(CO_OWNER_ID, Role.OWNER)))
                .when(new ChangeMemberRole(TENANT_ID, CO_OWNER_ID, Role.ADMIN, OWNER))
                .expectEvents(new MemberRoleChanged(TENANT_ID, CO_OWNER_ID, Role.OWNER, Role.ADMIN, OWNER_ID));
    }

    @Test
    void an_admin_may_not_promote_anyone_to_owner() {
        fixture.given(tenantOn(Plan.STARTER, joined(ADMIN_ID, Role.ADMIN), joined(MEMBER_ID, Role.MEMBER)))
                .when(new ChangeMemberRole(TENANT_ID, MEMBER_ID, Role.OWNER, ADMIN))
                .expectException(rejectedAs(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void an_admin_may_not_demote_an_owner() {
        fixture.given(tenantOn(Plan.STARTER, joined(CO_OWNER_ID, Role.OWNER), joined(ADMIN_ID, Role.ADMIN)))
                .when(new ChangeMemberRole(TENANT_ID, CO_OWNER_ID, Role.MEMBER, ADMIN))
                .expectException(rejectedAs(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void demoting_an_admin_on_a_tenant_over_its_seats_clears_the_over_limit() {
        fixture.given(tenantOn(Plan.STARTER, joined(ADMIN_ID, Role.ADMIN), planChanged(Plan.STARTER, Plan.FREE, ADMINS)))
                .when(new ChangeMemberRole(TENANT_ID, ADMIN_ID, Role.MEMBER, OWNER))
                .expectEvents(
                        new MemberRoleChanged(TENANT_ID, ADMIN_ID, Role.ADMIN, Role.MEMBER, OWNER_ID),
                        new UsageOverLimitCleared(TENANT_ID, ADMINS, 1, 1))
                .expectResultMessagePayload(new TenantVersion(5));
    }

    @Test
    void a_suspended_tenant_refuses_role_changes() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(new ChangeMemberRole(TENANT_ID, MEMBER_ID, Role.VIEWER, OWNER))
                .expectException(rejectedAs(TENANT_SUSPENDED))
                .expectNoEvents();
    }

    // --- RemoveMember

    @Test
    void a_member_is_removed() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER)))
                .when(new RemoveMember(TENANT_ID, MEMBER_ID, OWNER))
                .expectEvents(new MemberRemoved(TENANT_ID, MEMBER_ID, Role.MEMBER, OWNER_ID))
                .expectResultMessagePayload(new TenantVersion(3));
    }

    @Test
    void removing_an_admin_from_a_tenant_over_its_seats_clears_the_over_limit() {
        fixture.given(tenantOn(Plan.STARTER, joined(ADMIN_ID, Role.ADMIN), planChanged(Plan.STARTER, Plan.FREE, ADMINS)))
                .when(new RemoveMember(TENANT_ID, ADMIN_ID, OWNER))
                .expectEvents(
                        new MemberRemoved(TENANT_ID, ADMIN_ID, Role.ADMIN, OWNER_ID),
                        new UsageOverLimitCleared(TENANT_ID, ADMINS, 1, 1));
    }

    @Test
    void removing_a_non_member_is_refused_as_member_not_found() {
        fixture.given(tenantOn(Plan.STARTER))
                .when(new RemoveMember(TENANT_ID, OUTSIDER_ID, OWNER))
                .expectException(rejectedAs(MEMBER_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void the_last_owner_cannot_be_removed() {
        fixture.given(tenantOn(Plan.STARTER, joined(ADMIN_ID, Role.ADMIN)))
                .when(new RemoveMember(TENANT_ID, OWNER_ID, OWNER))
                .expectException(rejectedAs(LAST_OWNER))
                .expectNoEvents();
    }

    @Test
    void an_owner_may_remove_another_owner() {
        fixture.given(tenantOn(Plan.STARTER, joined(CO_OWNER_ID, Role.OWNER)))
                .when(new RemoveMember(TENANT_ID, CO_OWNER_ID, OWNER))
                .expectEvents(new MemberRemoved(TENANT_ID, CO_OWNER_ID, Role.OWNER, OWNER_ID));
    }

    @Test
    void an_admin_may_not_remove_an_owner() {
        fixture.given(tenantOn(Plan.STARTER, joined(CO_OWNER_ID, Role.OWNER), joined(ADMIN_ID, Role.ADMIN)))
                .when(new RemoveMember(TENANT_ID, CO_OWNER_ID, ADMIN))
                .expectException(rejectedAs(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void a_suspended_tenant_refuses_removals() {
        fixture.given(tenantOn(Plan.STARTER, joined(MEMBER_ID, Role.MEMBER), new TenantSuspended(TENANT_ID, OWNER_ID)))
                .when(new RemoveMember(TENANT_ID, MEMBER_ID, OWNER))
                .expectException(rejectedAs(TENANT_SUSPENDED))
                .expectNoEvents();
    }
}
