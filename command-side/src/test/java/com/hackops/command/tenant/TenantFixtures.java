package com.hackops.command.tenant;

import com.hackops.command.personaldata.InMemoryPersonKeys;
import com.hackops.command.personaldata.PersonKeys;
import com.hackops.command.usage.IdempotencyKeys;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.tenant.PlanChanged;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Caller;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static com.hackops.events.types.Feature.ADVANCED_ANALYTICS;
import static com.hackops.events.types.Feature.API_ACCESS;
import static com.hackops.events.types.Feature.CUSTOM_BRANDING;
import static com.hackops.events.types.Feature.PRIORITY_SUPPORT;
import static com.hackops.events.types.Feature.WEBHOOKS;

/**
 * Ids, callers, plan grants and the histories the Tenant fixture tests start from. Histories hold only the
 * events that build state (threshold events change nothing), so a given's last sequence number is its size - 1.
 */
final class TenantFixtures {

    static final TenantId TENANT_ID = TenantId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final TenantId OTHER_TENANT_ID = TenantId.of("16fd2706-8baf-433b-82eb-8c7fada847da");
    static final String NAME = "Hack Night Berlin";
    static final String SLUG = "hack-night-berlin";

    static final String OWNER_ID = "user-owner";
    static final String CO_OWNER_ID = "user-co-owner";
    static final String ADMIN_ID = "user-admin";
    static final String MEMBER_ID = "user-member";
    static final String VIEWER_ID = "user-viewer";
    static final String NEWCOMER_ID = "user-newcomer";
    static final String OUTSIDER_ID = "user-outsider";

    static final Caller OWNER = caller(OWNER_ID);
    static final Caller CO_OWNER = caller(CO_OWNER_ID);
    static final Caller ADMIN = caller(ADMIN_ID);
    static final Caller MEMBER = caller(MEMBER_ID);
    static final Caller VIEWER = caller(VIEWER_ID);
    static final Caller OUTSIDER = caller(OUTSIDER_ID);
    static final Caller PLATFORM_ADMIN = new Caller("platform-ops", true, "ops@hackops.example");

    static final Instant AT = Instant.parse("2025-03-14T18:30:00Z");

    /** The catalogue spelled out, so a change to PlanCatalogue is caught instead of echoed. */
    static final long GB = 1_000_000_000L;
    static final Limits FREE_LIMITS = Limits.of(1, 50, GB, 1);
    static final Limits STARTER_LIMITS = Limits.of(5, 200, 5 * GB, 3);
    static final Limits PROFESSIONAL_LIMITS = Limits.of(20, 1_000, 25 * GB, 10);
    static final Limits ENTERPRISE_LIMITS = Limits.of(100, 5_000, 100 * GB, 50);
    static final Set<Feature> FREE_FEATURES = Set.of();
    static final Set<Feature> STARTER_FEATURES = Set.of(CUSTOM_BRANDING, API_ACCESS);
    static final Set<Feature> PROFESSIONAL_FEATURES =
            Set.of(CUSTOM_BRANDING, API_ACCESS, ADVANCED_ANALYTICS, WEBHOOKS, PRIORITY_SUPPORT);
    static final Set<Feature> ENTERPRISE_FEATURES = EnumSet.allOf(Feature.class);

    private TenantFixtures() {
    }

    /** A fixture wired like production: the aggregate class and the resources its handlers take. */
    static FixtureConfiguration<Tenant> tenantFixture(SlugRegistry slugs, IdempotencyKeys idempotencyKeys) {
        return tenantFixture(slugs, idempotencyKeys, new InMemoryPersonKeys());
    }

    static FixtureConfiguration<Tenant> tenantFixture(SlugRegistry slugs, IdempotencyKeys idempotencyKeys,
                                                     PersonKeys personKeys) {
        FixtureConfiguration<Tenant> fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(slugs);
        fixture.registerInjectableResource(idempotencyKeys);
        fixture.registerInjectableResource(personKeys);
        return fixture;
    }

    static String emailOf(String userId) {
        return userId + "@hackops.example";
    }

    /** The e-mail of {@code userId} (and no display name) as the in-memory person keys seal it. */
    static SealedPersonalData sealedEmailOf(String userId) {
        return InMemoryPersonKeys.sealedFor(TENANT_ID, userId, new PersonalData(emailOf(userId), null));
    }

    static Limits limitsOf(Plan plan) {
        return switch (plan) {
            case FREE -> FREE_LIMITS;
            case STARTER -> STARTER_LIMITS;
            case PROFESSIONAL -> PROFESSIONAL_LIMITS;
            case ENTERPRISE -> ENTERPRISE_LIMITS;
        };
    }

    static Set<Feature> featuresOf(Plan plan) {
        return switch (plan) {
            case FREE -> FREE_FEATURES;
            case STARTER -> STARTER_FEATURES;
            case PROFESSIONAL -> PROFESSIONAL_FEATURES;
            case ENTERPRISE -> ENTERPRISE_FEATURES;
        };
    }

    /** The tenant created on {@code plan} with its OWNER, followed by {@code later}. */
    static List<Object> tenantOn(Plan plan, Object... later) {
        List<Object> history = new ArrayList<>();
        history.add(new TenantCreated(TENANT_ID, NAME, SLUG, plan, limitsOf(plan), featuresOf(plan), OWNER_ID));
        history.add(joined(OWNER_ID, Role.OWNER));
        history.addAll(Arrays.asList(later));
        return history;
    }

    /** A tenant with one member of every role, on a plan roomy enough that no limit gets in the way. */
    static List<Object> fullRoster(Object... later) {
        List<Object> history = tenantOn(Plan.ENTERPRISE,
                joined(ADMIN_ID, Role.ADMIN), joined(MEMBER_ID, Role.MEMBER), joined(VIEWER_ID, Role.VIEWER));
        history.addAll(Arrays.asList(later));
        return history;
    }

    static MemberAdded joined(String userId, Role role) {
        return new MemberAdded(TENANT_ID, userId, sealedEmailOf(userId), role, OWNER_ID);
    }

    /** Usage of {@code metric} moved from {@code from} to {@code to} in one call. */
    static UsageTracked tracked(Metric metric, long from, long to) {
        long delta = to - from;
        return new UsageTracked(TENANT_ID, List.of(new UsageChange(metric, delta, delta, to, AT)), OWNER_ID);
    }

    /** A plan change, forced when {@code overLimit} is not empty. */
    static PlanChanged planChanged(Plan from, Plan to, Metric... overLimit) {
        Set<Metric> over = overLimit.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(overLimit));
        return new PlanChanged(TENANT_ID, from, to, limitsOf(to), featuresOf(to), over, OWNER_ID);
    }

    private static Caller caller(String userId) {
        return new Caller(userId, false, emailOf(userId));
    }
}
