package com.hackops.query.security;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.types.Role;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventPublisher;
import com.hackops.query.support.History;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limits with small buckets that do not refill during the test (20 per tenant, 40 per caller, per hour): a
 * tenant's burst ends in 429 with Retry-After for everyone reading that tenant, and for no other tenant; a caller's
 * burst over many tenants ends in 429 for that caller.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hackops.test.infrastructure=true",
        "hackops.rate-limit.per-tenant.capacity=20", "hackops.rate-limit.per-tenant.refill=20",
        "hackops.rate-limit.per-tenant.period=1h",
        "hackops.rate-limit.per-caller.capacity=40", "hackops.rate-limit.per-caller.refill=40",
        "hackops.rate-limit.per-caller.period=1h"})
// a context of its own, closed afterwards: its publisher/consumers must not linger beside the shared one
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RateLimitIT {

    @LocalServerPort
    int port;

    @Test
    void one_tenants_burst_throttles_that_tenant_only() {
        Api api = new Api(port);
        History a = History.created("Burst A");
        a.add(new MemberAdded(a.id, "mate-" + a.tenant, null, Role.VIEWER, a.owner));
        History b = History.created("Calm B");
        try (EventPublisher publisher = new EventPublisher()) {
            a.publish(publisher, 0);
            b.publish(publisher, 0);
        }
        // waiting for the projections takes tokens too: counted
        int readsOfA = awaitVisible(api, a);
        int readsOfB = awaitVisible(api, b);

        int allowed = readsOfA;
        Api.Response answer;
        while ((answer = api.get("/api/v1/tenants/" + a.tenant, Tokens.user(a.owner))).status() != 429) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            allowed++;
            assertThat(allowed).as("tenant A is throttled at its capacity").isLessThanOrEqualTo(20);
        }
        assertThat(allowed).isEqualTo(20);
        assertThat(answer.isProblem(429, "rate-limited")).as(answer.body()).isTrue();
        assertThat(answer.json().path("limit").asText()).isEqualTo("tenant");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 3600L);

        Api.Response mate = api.get("/api/v1/tenants/" + a.tenant + "/members", Tokens.user("mate-" + a.tenant));
        assertThat(mate.isProblem(429, "rate-limited")).as("every reader of the throttled tenant: " + mate.body()).isTrue();

        for (int i = readsOfB; i < 20; i++) {
            Api.Response other = api.get("/api/v1/tenants/" + b.tenant + "/usage", Tokens.user(b.owner));
            assertThat(other.status()).as("tenant B is not throttled by A's burst: " + other.body()).isEqualTo(200);
        }
    }

    @Test
    void a_callers_burst_over_many_tenants_throttles_that_caller() {
        Api api = new Api(port);
        String caller = "spray-" + UUID.randomUUID();
        for (int i = 0; i < 40; i++) {
            assertThat(api.get("/api/v1/tenants/" + UUID.randomUUID(), Tokens.user(caller)).status()).isEqualTo(404);
        }
        Api.Response refused = api.get("/api/v1/tenants/" + UUID.randomUUID(), Tokens.user(caller));
        assertThat(refused.isProblem(429, "rate-limited")).as(refused.body()).isTrue();
        assertThat(refused.json().path("limit").asText()).isEqualTo("caller");

        assertThat(api.get("/api/v1/tenants/" + UUID.randomUUID(), Tokens.user("someone-else-" + UUID.randomUUID())).status())
                .as("other callers go on").isEqualTo(404);
    }

    /** Reads the tenant (as its owner) until its events are visible; returns how many reads that took. */
    private static int awaitVisible(Api api, History h) {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            reads.incrementAndGet();
            return api.get("/api/v1/tenants/" + h.tenant + "?minVersion=" + h.lastSequence(), Tokens.user(h.owner)).status() == 200;
        });
        assertThat(reads.get()).as("reads while waiting for the projections").isLessThan(20);
        return reads.get();
    }
}
