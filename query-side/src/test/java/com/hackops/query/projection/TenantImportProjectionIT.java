package com.hackops.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.TenantImported;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.platform.security.Tokens;
import com.hackops.query.support.Api;
import com.hackops.query.support.EventStore;
import com.hackops.query.support.History;
import com.hackops.query.support.PersonKeys;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant adopted by infra/import reads like a created one, except that it keeps its original creation date; plan
 * history and billing start when the platform recorded the import.
 */
@QueryIntegrationTest
class TenantImportProjectionIT {

    private static final Instant ORIGINALLY_CREATED = Instant.parse("2019-03-01T08:00:00Z");

    @LocalServerPort
    int port;

    @Test
    void an_imported_tenant_keeps_its_creation_date_and_shows_its_members_usage_plan_and_statement() {
        Api api = new Api(port);
        History h = new History();
        Instant recorded = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        h.add(new TenantImported(h.id, "Legacy Jams", "legacy-" + h.tenant.toString().substring(0, 8), Plan.STARTER,
                        History.STARTER, Set.of(Feature.API_ACCESS, Feature.CUSTOM_BRANDING), ORIGINALLY_CREATED,
                        "eventhub-legacy", "org-7", "import-cli"))
                .add(new MemberAdded(h.id, h.owner, PersonKeys.seal(h.tenant, h.owner, h.owner + "@example.com", null),
                        Role.OWNER, "import-cli"))
                .add(new MemberAdded(h.id, "helper", null, Role.MEMBER, "import-cli"))
                .add(new UsageTracked(h.id, List.of(new UsageChange(Metric.EVENTS, 3, 3, 3, recorded),
                        new UsageChange(Metric.PARTICIPANTS, 150, 150, 150, recorded)), "import-cli"));
        try (EventStore store = new EventStore()) {
            store.record(h, 0, recorded);
        }
        String owner = Tokens.user(h.owner);
        String tenant = "/api/v1/tenants/" + h.tenant;
        await().atMost(Duration.ofSeconds(30)).until(() -> "3".equals(api.get(tenant, owner).header("Hackops-Version")));

        JsonNode summary = api.get(tenant, owner).json();
        assertThat(summary.get("createdAt").asText()).isEqualTo("2019-03-01T08:00:00Z");
        assertThat(summary.get("plan").asText()).isEqualTo("STARTER");
        assertThat(texts(summary.get("features"))).containsExactlyInAnyOrder("API_ACCESS", "CUSTOM_BRANDING");

        JsonNode usage = api.get(tenant + "/usage", owner).json().get("metrics");
        assertThat(usage).extracting(m -> m.get("metric").asText() + " " + m.get("used").asLong() + "/" + m.get("limit").asLong())
                .containsExactly("EVENTS 3/5", "PARTICIPANTS 150/200", "STORAGE_BYTES 0/5000000000", "ADMINS 1/3");
        assertThat(api.get(tenant + "/members", owner).json().get("members")).hasSize(2);
        JsonNode plans = api.get(tenant + "/plans", owner).json().get("plans");
        assertThat(plans).hasSize(1);
        assertThat(plans.get(0).get("plan").asText()).isEqualTo("STARTER");

        String admin = Tokens.platformAdmin("auditor");
        JsonNode reconciliation = api.get(tenant + "/billing/reconciliation", admin).json();
        assertThat(reconciliation.get("consistent").asBoolean()).as(reconciliation.toString()).isTrue();
        JsonNode statement = api.get(tenant + "/billing/statement?from=" + recorded.minus(1, ChronoUnit.HOURS)
                + "&to=" + recorded.plus(1, ChronoUnit.HOURS), owner).json();
        JsonNode plan = statement.get("plans").get(0);
        assertThat(plan.get("plan").asText()).isEqualTo("STARTER");
        assertThat(plan.get("changedBy").asText()).isEqualTo("import-cli");
        assertThat(plan.get("effectiveFrom").asText()).as("billing starts when the import was recorded")
                .isEqualTo(recorded.toString());
        assertThat(statement.get("metrics").get(0).get("closing").asLong()).isEqualTo(3);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
