package com.hackops.command.tenant;

import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Plan;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static com.hackops.events.types.Feature.ADVANCED_ANALYTICS;
import static com.hackops.events.types.Feature.API_ACCESS;
import static com.hackops.events.types.Feature.AUDIT_EXPORT;
import static com.hackops.events.types.Feature.CUSTOM_BRANDING;
import static com.hackops.events.types.Feature.PRIORITY_SUPPORT;
import static com.hackops.events.types.Feature.SSO;
import static com.hackops.events.types.Feature.WEBHOOKS;

/**
 * What each plan grants today. Only the command side knows the catalogue: {@code TenantCreated} and
 * {@code PlanChanged} carry the grant, so a later change of this table never rewrites history.
 * Storage is in bytes, GB meaning 10^9 bytes.
 */
public final class PlanCatalogue {

    public static final long GB = 1_000_000_000L;

    /** The limits and features one plan grants. */
    public record Grant(Limits limits, Set<Feature> features) {
        public Grant {
            features = Collections.unmodifiableSet(features.isEmpty()
                    ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(features));
        }
    }

    private PlanCatalogue() {
    }

    public static Grant grantOf(Plan plan) {
        return switch (plan) {
            case FREE -> new Grant(Limits.of(1, 50, GB, 1), Set.of());
            case STARTER -> new Grant(Limits.of(5, 200, 5 * GB, 3), Set.of(CUSTOM_BRANDING, API_ACCESS));
            case PROFESSIONAL -> new Grant(Limits.of(20, 1_000, 25 * GB, 10),
                    Set.of(CUSTOM_BRANDING, API_ACCESS, ADVANCED_ANALYTICS, WEBHOOKS, PRIORITY_SUPPORT));
            case ENTERPRISE -> new Grant(Limits.of(100, 5_000, 100 * GB, 50), EnumSet.allOf(Feature.class));
        };
    }
}
