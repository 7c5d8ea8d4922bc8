package com.hackops.query.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static com.hackops.query.security.EndpointRules.Access.BEARER;
import static com.hackops.query.security.EndpointRules.Access.PLATFORM_ADMIN;
import static com.hackops.query.security.EndpointRules.Access.PUBLIC;

/**
 * Every HTTP endpoint of the query side and who may reach it: the table {@link SecurityConfig} applies, in this
 * order, before it denies everything else. A rule covers its path for every method (a method the path does not
 * serve then gets 405, not a misleading 403); {@code methods} says what the path serves, and EndpointInventoryIT
 * fails when a mapped endpoint has no row here, or a row names no endpoint, so adding an endpoint forces a decision.
 * <p>
 * {@link Access#BEARER} lets any valid token through; which tenant it may read is then decided by membership rows and
 * row-level security, never by the path alone. The dashboard's static files and dev sign-in are answered by the
 * dashboard's own filter chain (dashboard.DashboardSecurity) before this one; their rows record that decision.
 */
public final class EndpointRules {

    /** Who reaches an endpoint. */
    public enum Access {
        /** no token needed: health, the API description, error pages, the dashboard's files */
        PUBLIC,
        /** a valid bearer token (a JWT, or an API key on {@link #API_KEY_ENDPOINTS}); the handler decides per tenant */
        BEARER,
        /** a valid bearer token with {@code "platform_admin": true} */
        PLATFORM_ADMIN
    }

    /** HTTP methods a rule serves; {@code ANY} for handlers that take every method (error pages). */
    public enum Method { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, ANY }

    /**
     * What serves a path: a Spring MVC request mapping (the inventory must find it), one that exists only when a
     * property enables it, or actuator and static files.
     */
    public enum Served { MVC, MVC_WHEN_ENABLED, OTHER }

    /** One row of the table. */
    public record Rule(String pattern, Set<Method> methods, Access access, Served served, String why) {
    }

    public static final List<Rule> RULES = List.of(
            rule("/api/v1/tenants", BEARER, "the caller's tenants (platform admins: all, logged)", Method.GET),
            rule("/api/v1/tenants/{tenantId}", BEARER, "a tenant's profile, plan, limits (members)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/usage", BEARER, "current usage, or as of an instant (members)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/usage/history", BEARER, "hourly usage buckets (members)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/usage/alerts", BEARER, "threshold and over-limit alerts (members)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/members", BEARER, "members and roles (members)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/plans", BEARER, "plan history (members)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/stream", BEARER,
                    "live usage (SSE; the token may come as ?access_token=, see DashboardSecurity)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/billing/statement", BEARER, "billing statement (OWNER, ADMIN)", Method.GET),
            rule("/api/v1/tenants/{tenantId}/billing/reconciliation", BEARER, "replay vs read models (OWNER, ADMIN)",
                    Method.GET),
            rule("/api/v1/tenants/{tenantId}/webhooks", BEARER, "register and list webhook endpoints (OWNER, ADMIN)",
                    Method.GET, Method.POST),
            rule("/api/v1/tenants/{tenantId}/webhooks/{webhookId}", BEARER, "delete a webhook endpoint (OWNER, ADMIN)",
                    Method.DELETE),
            rule("/api/v1/tenants/{tenantId}/webhooks/deliveries", BEARER, "the webhook delivery log (OWNER, ADMIN)",
                    Method.GET),
            rule("/api/v1/tenants/{tenantId}/api-keys", BEARER, "the tenant's API keys, never their secrets (OWNER, ADMIN)",
                    Method.GET),
            rule("/api/v1/tenants/{tenantId}/platform-admin-access", BEARER,
                    "platform admins' requests concerning the tenant, both services (OWNERs, platform admins)", Method.GET),
            rule("/api/v1/admin/statistics", PLATFORM_ADMIN, "platform-wide statistics", Method.GET),
            rule("/api/v1/admin/projections/parked", PLATFORM_ADMIN, "parked events of every tenant", Method.GET),
            rule("/api/v1/admin/projections/parked/{tenantId}/retry", PLATFORM_ADMIN, "apply parked events again",
                    Method.POST),
            rule("/api/v1/admin/projections/parked/{tenantId}/{sequence}", PLATFORM_ADMIN, "give up on a parked event",
                    Method.DELETE),
            rule("/api/v1/admin/audits", PLATFORM_ADMIN, "start a platform audit", Method.POST),
            rule("/api/v1/admin/audits/{jobId}", PLATFORM_ADMIN, "an audit's progress and findings", Method.GET),
            rule("/api/v1/admin/rebuilds", PLATFORM_ADMIN, "start a zero-downtime rebuild", Method.POST),
            rule("/api/v1/admin/rebuilds/{jobId}", PLATFORM_ADMIN, "a rebuild's progress", Method.GET),
            new Rule("/dev/sign-in", EnumSet.of(Method.POST), PUBLIC, Served.MVC_WHEN_ENABLED,
                    "mints local tokens; exists only with hackops.dev.sign-in.enabled and answers loopback callers only"),
            rule("/dashboard/settings", PUBLIC, "whether the dashboard may offer the dev sign-in here (no data)", Method.GET),
            rule("/v3/api-docs", PUBLIC, "the OpenAPI description (no data)", Method.GET),
            rule("/v3/api-docs.yaml", PUBLIC, "the OpenAPI description as YAML", Method.GET),
            rule("/v3/api-docs/swagger-config", PUBLIC, "Swagger UI's configuration", Method.GET),
            rule("/swagger-ui.html", PUBLIC, "redirect to Swagger UI", Method.GET),
            rule("/error", PUBLIC, "Spring Boot's error page: the problem document of a failed request", Method.ANY),
            other("/swagger-ui/**", "Swagger UI's static files"),
            other("/", "the dashboard (static; every number comes from the API with the user's token)"),
            other("/index.html", "the dashboard"),
            other("/favicon.ico", "the dashboard's icon"),
            other("/dashboard/**", "the dashboard's scripts and styles"),
            other("/vendor/**", "the dashboard's chart library"),
            other("/actuator/health", "liveness for load balancers and infra/run"),
            other("/actuator/health/**", "liveness and readiness probes"),
            other("/actuator/info", "build information"),
            other("/actuator/prometheus", "metrics for scraping (no tenant data)"));

    /**
     * The endpoints a tenant's API key with the {@code read} scope may call (with {@code GET}), for its own tenant only.
     * Members, billing, webhooks, API keys and access records need a person's token; everything else refuses a key
     * with 403.
     */
    public static final List<String> API_KEY_ENDPOINTS = List.of(
            "/api/v1/tenants/{tenantId}",
            "/api/v1/tenants/{tenantId}/usage",
            "/api/v1/tenants/{tenantId}/usage/history",
            "/api/v1/tenants/{tenantId}/usage/alerts",
            "/api/v1/tenants/{tenantId}/plans",
            "/api/v1/tenants/{tenantId}/stream");

    private EndpointRules() {
    }

    private static Rule rule(String pattern, Access access, String why, Method first, Method... more) {
        return new Rule(pattern, EnumSet.of(first, more), access, Served.MVC, why);
    }

    private static Rule other(String pattern, String why) {
        return new Rule(pattern, EnumSet.of(Method.GET), PUBLIC, Served.OTHER, why);
    }
}
