package com.hackops.command.tenant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hackops.command.membership.AddMember;
import com.hackops.command.personaldata.ErasePersonalData;
import com.hackops.command.personaldata.InMemoryPersonKeys;
import com.hackops.command.usage.InMemoryIdempotencyKeys;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.PersonalDataErased;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.tenant.TenantArchived;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.hackops.command.rejection.RejectionKind.FORBIDDEN;
import static com.hackops.command.rejection.RejectionKind.MEMBER_NOT_FOUND;
import static com.hackops.command.rejection.RejectionKind.NOT_FOUND;
import static com.hackops.command.rejection.RejectionMatcher.rejectedAs;
import static com.hackops.command.tenant.TenantFixtures.ADMIN;
import static com.hackops.command.tenant.TenantFixtures.ADMIN_ID;
import static com.hackops.command.tenant.TenantFixtures.MEMBER;
import static com.hackops.command.tenant.TenantFixtures.MEMBER_ID;
import static com.hackops.command.tenant.TenantFixtures.NAME;
import static com.hackops.command.tenant.TenantFixtures.NEWCOMER_ID;
import static com.hackops.command.tenant.TenantFixtures.OUTSIDER;
import static com.hackops.command.tenant.TenantFixtures.OUTSIDER_ID;
import static com.hackops.command.tenant.TenantFixtures.OWNER;
import static com.hackops.command.tenant.TenantFixtures.OWNER_ID;
import static com.hackops.command.tenant.TenantFixtures.SLUG;
import static com.hackops.command.tenant.TenantFixtures.TENANT_ID;
import static com.hackops.command.tenant.TenantFixtures.VIEWER;
import static com.hackops.command.tenant.TenantFixtures.VIEWER_ID;
import static com.hackops.command.tenant.TenantFixtures.emailOf;
import static com.hackops.command.tenant.TenantFixtures.fullRoster;
import static com.hackops.command.tenant.TenantFixtures.joined;
import static com.hackops.command.tenant.TenantFixtures.limitsOf;
import static com.hackops.command.tenant.TenantFixtures.featuresOf;
import static com.hackops.command.tenant.TenantFixtures.tenantFixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data: sealed with the person's key when a member is added, erased (the key deleted, the erasure recorded)
 * by an OWNER, ADMIN, platform admin or the person themselves; erasing again is a no-op, erasing a stranger a 404.
 * {@link InMemoryPersonKeys} seals deterministically, so each test names the exact event it expects.
 */
class TenantPersonalDataFixtureTest {

    private static final String DISPLAY_NAME = "Nia Newcomer";

    private InMemoryPersonKeys keys;
    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        keys = new InMemoryPersonKeys();
        fixture = tenantFixture(new InMemorySlugRegistry(), new InMemoryIdempotencyKeys(), keys);
    }

    // --- sealing

    @Test
    void a_new_members_email_and_display_name_are_sealed_with_a_key_of_their_own() {
        PersonalData newcomer = new PersonalData(emailOf(NEWCOMER_ID), DISPLAY_NAME);
        fixture.given(fullRoster())
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, newcomer.email(), newcomer.displayName(), Role.VIEWER, OWNER))
                .expectEvents(new MemberAdded(TENANT_ID, NEWCOMER_ID, InMemoryPersonKeys.sealedFor(TENANT_ID, NEWCOMER_ID,
                        newcomer), Role.VIEWER, OWNER_ID));

        assertThat(keys.holdsKeyOf(TENANT_ID, NEWCOMER_ID)).isTrue();
    }

    @Test
    void the_creator_of_a_tenant_gets_the_email_and_name_of_their_token_sealed() {
        PersonalData owner = new PersonalData(emailOf(OWNER_ID), "Olu Owner");
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(TENANT_ID, NAME, SLUG, Plan.STARTER, owner.displayName(), OWNER))
                .expectEvents(
                        new TenantCreated(TENANT_ID, NAME, SLUG, Plan.STARTER, limitsOf(Plan.STARTER),
                                featuresOf(Plan.STARTER), OWNER_ID),
                        new MemberAdded(TENANT_ID, OWNER_ID, InMemoryPersonKeys.sealedFor(TENANT_ID, OWNER_ID, owner),
                                Role.OWNER, OWNER_ID));
    }

    @Test
    void a_snapshot_of_the_tenant_holds_no_personal_data() {
        fixture.given(fullRoster())
                .when(new AddMember(TENANT_ID, NEWCOMER_ID, emailOf(NEWCOMER_ID), DISPLAY_NAME, Role.VIEWER, OWNER))
                .expectState(tenant -> assertThat(snapshotOf(tenant)).contains(NEWCOMER_ID)
                        .doesNotContain("@hackops.example", DISPLAY_NAME, "in-memory-seal"));
    }

    // --- erasure

    @Test
    void an_admin_erases_a_members_personal_data_and_the_key_is_deleted_with_it() {
        keys.seal(TENANT_ID, MEMBER_ID, new PersonalData(emailOf(MEMBER_ID), null));

        fixture.given(fullRoster())
                .when(new ErasePersonalData(TENANT_ID, MEMBER_ID, ADMIN))
                .expectEvents(new PersonalDataErased(TENANT_ID, MEMBER_ID, ADMIN_ID))
                .expectResultMessagePayload(new TenantVersion(5));

        assertThat(keys.holdsKeyOf(TENANT_ID, MEMBER_ID)).isFalse();
    }

    @Test
    void erasing_again_records_nothing_and_answers_the_tenants_version() {
        fixture.given(fullRoster(new PersonalDataErased(TENANT_ID, MEMBER_ID, ADMIN_ID)))
                .when(new ErasePersonalData(TENANT_ID, MEMBER_ID, OWNER))
                .expectNoEvents()
                .expectResultMessagePayload(new TenantVersion(5));
    }

    @Test
    void erasing_a_user_who_was_never_a_member_is_refused_as_member_not_found() {
        fixture.given(fullRoster())
                .when(new ErasePersonalData(TENANT_ID, OUTSIDER_ID, OWNER))
                .expectException(rejectedAs(MEMBER_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void a_person_may_erase_their_own_data_whatever_their_role() {
        fixture.given(fullRoster())
                .when(new ErasePersonalData(TENANT_ID, VIEWER_ID, VIEWER))
                .expectEvents(new PersonalDataErased(TENANT_ID, VIEWER_ID, VIEWER_ID));
    }

    @Test
    void a_member_may_not_erase_someone_elses_data() {
        fixture.given(fullRoster())
                .when(new ErasePersonalData(TENANT_ID, VIEWER_ID, MEMBER))
                .expectException(rejectedAs(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void a_former_member_may_still_be_erased_also_by_themselves() {
        fixture.given(fullRoster(new MemberRemoved(TENANT_ID, VIEWER_ID, Role.VIEWER, OWNER_ID)))
                .when(new ErasePersonalData(TENANT_ID, VIEWER_ID, VIEWER))
                .expectEvents(new PersonalDataErased(TENANT_ID, VIEWER_ID, VIEWER_ID));
    }

    @Test
    void a_stranger_naming_themselves_learns_nothing_of_the_tenant() {
        fixture.given(fullRoster())
                .when(new ErasePersonalData(TENANT_ID, OUTSIDER_ID, OUTSIDER))
                .expectException(rejectedAs(NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void an_archived_tenant_still_erases() {
        fixture.given(fullRoster(new TenantArchived(TENANT_ID, OWNER_ID)))
                .when(new ErasePersonalData(TENANT_ID, MEMBER_ID, OWNER))
                .expectEvents(new PersonalDataErased(TENANT_ID, MEMBER_ID, OWNER_ID));
    }

    @Test
    void a_person_added_again_after_an_erasure_gets_a_new_key() {
        PersonalData member = new PersonalData(emailOf(MEMBER_ID), null);
        keys.seal(TENANT_ID, MEMBER_ID, member);
        keys.erase(TENANT_ID, MEMBER_ID);

        fixture.given(fullRoster(new PersonalDataErased(TENANT_ID, MEMBER_ID, OWNER_ID),
                        new MemberRemoved(TENANT_ID, MEMBER_ID, Role.MEMBER, OWNER_ID)))
                .when(new AddMember(TENANT_ID, MEMBER_ID, member.email(), null, Role.MEMBER, OWNER))
                .expectEvents(new MemberAdded(TENANT_ID, MEMBER_ID, InMemoryPersonKeys.sealedFor(TENANT_ID, MEMBER_ID,
                        member, 1), Role.MEMBER, OWNER_ID));
    }

    @Test
    void a_person_added_again_after_an_erasure_can_be_erased_again() {
        fixture.given(fullRoster(new PersonalDataErased(TENANT_ID, MEMBER_ID, OWNER_ID),
                        new MemberRemoved(TENANT_ID, MEMBER_ID, Role.MEMBER, OWNER_ID), joined(MEMBER_ID, Role.MEMBER)))
                .when(new ErasePersonalData(TENANT_ID, MEMBER_ID, OWNER))
                .expectEvents(new PersonalDataErased(TENANT_ID, MEMBER_ID, OWNER_ID));
    }

    private static String snapshotOf(Tenant tenant) {
        try {
            return new ObjectMapper().registerModule(new JavaTimeModule())
                    .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY).writeValueAsString(tenant);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
