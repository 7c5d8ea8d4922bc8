package com.hackops.command.security;

import com.hackops.command.support.Api;
import com.hackops.platform.security.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits with small buckets that do not refill during the test (20 per tenant, 40 per caller, per hour): a
 * tenant's burst ends in 429 with Retry-After for everyone calling that tenant, and for no other tenant; a caller's
 * burst over many tenants ends in 429 for that caller.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hackops.test.database=true",
        "hackops.rate-limit.per-tenant.capacity=20", "hackops.rate-limit.per-tenant.refill=20",
        "hackops.rate-limit.per-tenant.period=1h",
        "hackops.rate-limit.per-caller.capacity=40", "hackops.rate-limit.per-caller.refill=40",
        "hackops.rate-limit.per-caller.period=1h"})
// a context of its own, closed afterwards: its publisher/consumers must not linger beside the shared one
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RateLimitIT {

    private static final String CHEAP = "{}"; // refused as invalid after the limit is applied: no command runs

    @LocalServerPort
    int port;

    @Test
    void one_tenants_burst_throttles_that_tenant_only() {
        Api api = new Api(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ownerA = "burst-a-" + run;
        String ownerB = "calm-b-" + run;
        String tenantA = api.createTenant(ownerA, "burst-a-" + run, "STARTER");
        String tenantB = api.createTenant(ownerB, "calm-b-" + run, "STARTER");
        assertThat(api.post("/api/v1/tenants/" + tenantA + "/members", Tokens.user(ownerA),
                "{\"userId\":\"mate-%s\",\"role\":\"MEMBER\"}".formatted(run)).status()).isEqualTo(201);

        int allowed = 0;
        Api.Response answer;
        while ((answer = usage(api, tenantA, ownerA)).status() != 429) {
            allowed++;
            assertThat(allowed).as("tenant A is throttled at its capacity").isLessThan(20);
        }
        assertThat(allowed).as("20 per tenant, one of them taken by adding the member").isEqualTo(19);
        assertThat(answer.isProblem(429, "rate-limited")).as(answer.body()).isTrue();
        assertThat(answer.json().path("limit").asText()).isEqualTo("tenant");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 3600L);

        Api.Response mate = usage(api, tenantA, "mate-" + run);
        assertThat(mate.isProblem(429, "rate-limited")).as("every caller of the throttled tenant: " + mate.body()).isTrue();

        for (int i = 0; i < 19; i++) {
            Api.Response other = usage(api, tenantB, ownerB);
            assertThat(other.status()).as("tenant B is not throttled by A's burst: " + other.body()).isEqualTo(400);
        }
    }

    @Test
    void a_callers_burst_over_many_tenants_throttles_that_caller() {
        Api api = new Api(port);
        String caller = "spray-" + UUID.randomUUID();
        for (int i = 0; i < 40; i++) {
            assertThat(usage(api, UUID.randomUUID().toString(), caller).status()).isEqualTo(400);
        }
        Api.Response refused = usage(api, UUID.randomUUID().toString(), caller);
        assertThat(refused.isProblem(429, "rate-limited")).as(refused.body()).isTrue();
        assertThat(refused.json().path("limit").asText()).isEqualTo("caller");
        assertThat(refused.header("Retry-After")).isNotBlank();

        assertThat(usage(api, UUID.randomUUID().toString(), "someone-else-" + UUID.randomUUID()).status())
                .as("other callers go on").isEqualTo(400);
    }

    private static Api.Response usage(Api api, String tenant, String caller) {
        return api.post("/api/v1/tenants/" + tenant + "/usage", Tokens.user(caller), CHEAP);
    }
}
