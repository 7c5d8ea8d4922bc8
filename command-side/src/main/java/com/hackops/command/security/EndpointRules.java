package com.hackops.command.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static com.hackops.command.security.EndpointRules.Access.BEARER;
import static com.hackops.command.security.EndpointRules.Access.PUBLIC;

/**
 * Every HTTP endpoint of the command side and who may reach it: the table {@link SecurityConfig} applies, in this
 * order, before it denies everything else. A rule covers its path for every method (a method the path does not
 * serve then gets 405, not a misleading 403); {@code methods} says what the path serves, and EndpointInventoryIT
 * fails when a mapped endpoint has no row here, or a row names no endpoint, so adding an endpoint forces a decision.
 * <p>
 * {@link Access#BEARER} lets any valid token through; which tenant and what it may do there is then decided by the
 * aggregate (membership, the {@link Permission} matrix), never by the path alone.
 */
public final class EndpointRules {

    /** Who reaches an endpoint. */
    public enum Access {
        /** no token needed: health, the API description, error pages */
        PUBLIC,
        /** a valid bearer token (a JWT, or an API key on {@link #API_KEY_ENDPOINTS}); the handler decides per tenant */
        BEARER
    }

    /** HTTP methods a rule serves; {@code ANY} for handlers that take every method (error pages). */
    public enum Method { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, ANY }

    /** What serves a path: a Spring MVC request mapping (the inventory must find it), or actuator and static files. */
    public enum Served { MVC, OTHER }

    /** One row of the table. */
    public record Rule(String pattern, Set<Method> methods, Access access, Served served, String why) {
    }

    public static final List<Rule> RULES = List.of(
            api("/api/v1/tenants", "create a tenant; the caller becomes its OWNER", Method.POST),
            api("/api/v1/tenants/{tenantId}", "change the profile (PATCH), archive (DELETE)", Method.PATCH, Method.DELETE),
            api("/api/v1/tenants/{tenantId}/suspend", "suspend (OWNER)", Method.POST),
            api("/api/v1/tenants/{tenantId}/reactivate", "lift a suspension (OWNER)", Method.POST),
            api("/api/v1/tenants/{tenantId}/plan", "change the plan, now or scheduled (OWNER)", Method.POST),
            api("/api/v1/tenants/{tenantId}/plan/scheduled", "cancel a scheduled plan change (OWNER)", Method.DELETE),
            api("/api/v1/tenants/{tenantId}/trial", "start a trial of a higher plan (OWNER)", Method.POST),
            api("/api/v1/tenants/{tenantId}/overrides", "negotiated limits; the aggregate admits platform admins only",
                    Method.PUT, Method.DELETE),
            api("/api/v1/tenants/{tenantId}/members", "add a member (OWNER, ADMIN)", Method.POST),
            api("/api/v1/tenants/{tenantId}/members/{userId}", "change a role, remove a member (OWNER, ADMIN)",
                    Method.PUT, Method.DELETE),
            api("/api/v1/tenants/{tenantId}/members/{userId}/personal-data", "erase a member's e-mail and display name "
                    + "(OWNER, ADMIN, the person themselves)", Method.DELETE),
            api("/api/v1/tenants/{tenantId}/usage", "report usage (OWNER, ADMIN, MEMBER)", Method.POST),
            api("/api/v1/tenants/{tenantId}/usage/batch", "report many usage deltas (OWNER, ADMIN, MEMBER)", Method.POST),
            api("/api/v1/tenants/{tenantId}/api-keys", "issue an API key (OWNER, ADMIN)", Method.POST),
            api("/api/v1/tenants/{tenantId}/api-keys/{keyId}", "revoke an API key (OWNER, ADMIN)", Method.DELETE),
            api("/api/v1/admin/imports", "import tenants from an export; the controller and the aggregate admit platform "
                    + "admins only", Method.POST),
            open("/v3/api-docs", true, "the OpenAPI description (no data)", Method.GET),
            open("/v3/api-docs.yaml", true, "the OpenAPI description as YAML", Method.GET),
            open("/v3/api-docs/swagger-config", true, "Swagger UI's configuration", Method.GET),
            open("/swagger-ui.html", true, "redirect to Swagger UI", Method.GET),
            open("/swagger-ui/**", false, "Swagger UI's static files", Method.GET),
            open("/error", true, "Spring Boot's error page: the problem document of a failed request", Method.ANY),
            open("/actuator/health", false, "liveness for load balancers and infra/run", Method.GET),
            open("/actuator/health/**", false, "liveness and readiness probes", Method.GET),
            open("/actuator/info", false, "build information", Method.GET),
            open("/actuator/prometheus", false, "metrics for scraping (no tenant data)", Method.GET));

    /**
     * The endpoints a tenant's API key may call (with {@code POST}); its scopes and tenant are then checked like a
     * member's role. Everything else refuses a key with 403: keys are for the services that report usage.
     */
    public static final List<String> API_KEY_ENDPOINTS = List.of(
            "/api/v1/tenants/{tenantId}/usage",
            "/api/v1/tenants/{tenantId}/usage/batch");

    private EndpointRules() {
    }

    private static Rule api(String pattern, String why, Method first, Method... more) {
        return new Rule(pattern, EnumSet.of(first, more), BEARER, Served.MVC, why);
    }

    private static Rule open(String pattern, boolean mvc, String why, Method first, Method... more) {
        return new Rule(pattern, EnumSet.of(first, more), PUBLIC, mvc ? Served.MVC : Served.OTHER, why);
    }
}
