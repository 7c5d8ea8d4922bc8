package com.hackops.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.e2e.support.Api;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.Platform.Service;
import org.awaitility.core.ConditionTimeoutException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.hackops.e2e.chaos.ChaosHarness.awaitAcknowledged;
import static com.hackops.e2e.chaos.ChaosHarness.awaitCondition;
import static com.hackops.e2e.chaos.ChaosHarness.awaitRetries;
import static org.awaitility.Awaitility.await;

/**
 * The fault scenarios, each on tenants of its own while the {@link LoadGenerator} runs, each ending with the clients'
 * last calls answered, the read models converged (measured from the moment the last fault was healed) and the
 * invariants checked ({@link ChaosHarness#finish}). The short variant (infra/test) and the full one (infra/chaos)
 * run the same code with other counts.
 */
public final class Scenarios {

    private static final Duration FAULT_FELT = Duration.ofSeconds(60);
    private static final Duration PROGRESS = Duration.ofSeconds(180);
    private static final String TENANTS = "/api/v1/tenants/";
    /** Database resets in the short mix: enough that calls are cut in every phase of a command (load, append, commit). */
    private static final int DROPS = 6;

    private final ChaosHarness harness;
    private final Platform platform;
    private final int clients;

    public Scenarios(ChaosHarness harness, int clients) {
        this.harness = harness;
        this.platform = harness.platform();
        this.clients = clients;
    }

    // ------------------------------------------------------------------------------------ command side: kill -9

    /**
     * {@code kill -9} of a command-side instance in the middle of keyed usage and membership calls, {@code kills}
     * times (round the instances), each restarted while the clients go on. The calls in flight at a kill are cut: some
     * had committed (their retry is answered from the stored receipt), some had not (their retry records them now).
     * Event and key are one transaction: the checker finds no key without its event and no keyed event without key.
     */
    public Reliability.Row commandSideKills(String name, int kills, boolean restart) {
        List<String> tenants = harness.createTenants("kill", 4);
        LoadGenerator load = harness.load("kill-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.2,
                Duration.ofMillis(2));
        List<String> notes = new ArrayList<>();
        Instant healed = Instant.now();
        int publisherKills = 0;
        for (int k = 0; k < kills; k++) {
            awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
            int victim = k % platform.instances(Service.COMMAND);
            if (harness.publisherOwners().contains(victim)) {
                publisherKills++;
            }
            long cutBefore = unanswered(load);
            platform.kill(Service.COMMAND, victim);
            awaitAcknowledged(load, load.stats().acknowledged.get(), 20, PROGRESS); // the other instance serves
            if (restart) {
                platform.start(Service.COMMAND, victim);
            }
            healed = Instant.now();
            notes.add("kill %d: instance %d, %d request(s) without an answer (cut by the kill or refused while it restarted)"
                    .formatted(k + 1, victim + 1, unanswered(load) - cutBefore));
        }
        awaitAcknowledged(load, load.stats().acknowledged.get(), 30, PROGRESS);
        notes.add(0, "%d kill(s), %d of them of the instance publishing to Kafka%s".formatted(kills, publisherKills,
                restart ? ", each restarted under load" : ", not restarted (the other instance serves and takes the publisher over)"));
        return harness.finish(name, kills, load, healed, notes);
    }

    /**
     * {@code kill -9} of the instance that holds the Kafka publisher's segments while it publishes a burst: records
     * Kafka acknowledged whose token update had not committed are sent again by the next owner (repeats on the
     * topic, counted), and the projections apply each event once.
     */
    public Reliability.Row publisherKills(String name, int kills) {
        List<String> tenants = harness.createTenants("pub", 4);
        LoadGenerator load = harness.load("pub-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.1,
                Duration.ZERO);
        List<String> notes = new ArrayList<>();
        Instant healed = Instant.now();
        for (int k = 0; k < kills; k++) {
            awaitCondition("a publisher owner", PROGRESS, () -> !harness.publisherOwners().isEmpty());
            awaitAcknowledged(load, load.stats().acknowledged.get(), 100, PROGRESS);
            int owner = harness.publisherOwners().get(0);
            platform.kill(Service.COMMAND, owner);
            awaitAcknowledged(load, load.stats().acknowledged.get(), 20, PROGRESS); // the other instance serves
            platform.start(Service.COMMAND, owner);
            healed = Instant.now();
            notes.add("kill %d: instance %d (publisher owner)".formatted(k + 1, owner + 1));
        }
        awaitAcknowledged(load, load.stats().acknowledged.get(), 30, PROGRESS);
        Reliability.Row row = harness.finish(name, kills, load, healed, notes);
        row.notes().add("records Kafka had acknowledged before a kill and were sent again after it (the send/token window hit): "
                + row.report().figure("records repeated on the topic (at-least-once)"));
        return row;
    }

    // -------------------------------------------------------------------------------------- query side: kill -9

    /**
     * {@code kill -9} of the query side: first amid live load, then (when {@code catchUpKills} > 0) while it catches
     * up on a backlog. Offsets are committed after the read models' transaction: records applied but not committed
     * come again after the restart and are recognised as applied (the projection's duplicate counter counts them).
     */
    public Reliability.Row querySideKills(String name, int catchUpKills) {
        List<String> tenants = harness.createTenants("qkill", 4);
        LoadGenerator load = harness.load("qkill-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.2,
                Duration.ofMillis(2));
        List<String> notes = new ArrayList<>();
        int queries = platform.instances(Service.QUERY);
        int faults = 0;
        awaitAcknowledged(load, 0, 80, PROGRESS);
        // amid live load: every query-side instance at once, so no other instance takes its partitions over
        for (int i = 0; i < queries; i++) {
            platform.kill(Service.QUERY, i);
            faults++;
        }
        awaitAcknowledged(load, load.stats().acknowledged.get(), 150, PROGRESS); // a backlog builds up
        for (int k = 0; k < catchUpKills; k++) {
            long before = harness.appliedTotal();
            platform.launch(Service.QUERY, 0);
            awaitCondition("catch-up under way", PROGRESS, () -> harness.appliedTotal() >= before + 20);
            platform.kill(Service.QUERY, 0);
            faults++;
            notes.add("catch-up kill %d after %d events applied".formatted(k + 1, harness.appliedTotal() - before));
            awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
        }
        for (int i = 0; i < queries; i++) {
            platform.launch(Service.QUERY, i);
        }
        for (int i = 0; i < queries; i++) {
            platform.awaitHealthy(Service.QUERY, i);
        }
        Instant healed = Instant.now();
        awaitAcknowledged(load, load.stats().acknowledged.get(), 30, PROGRESS);
        notes.add(0, "%d instance(s) killed amid live load, then %d kill(s) during catch-up".formatted(queries, catchUpKills));
        Reliability.Row row = harness.finish(name, faults, load, healed, notes);
        double duplicates = 0;
        for (int i = 0; i < queries; i++) {
            duplicates += harness.metric(Service.QUERY, i, "hackops_projection_events_total", "outcome=\"duplicate\"");
        }
        row.notes().add("records redelivered after the last restart and skipped as already applied (the write/commit window hit): "
                + (long) duplicates);
        return row;
    }

    // ---------------------------------------------------------------------------------- two command-side nodes

    /**
     * Every command-side instance hammering the same two tenants: each call is decided on the latest state or loses
     * its append race and is retried; no update may be lost (each change starts from the previous value) and no
     * limit overrun. {@code acknowledgements}: how many calls to wait for.
     */
    public Reliability.Row race(String name, int acknowledgements) {
        List<String> tenants = harness.createTenants("race", 2);
        LoadGenerator load = harness.load("race-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.3,
                Duration.ZERO);
        awaitAcknowledged(load, 0, acknowledgements, Duration.ofSeconds(240));
        Reliability.Row row = harness.finish(name, 0, load, Instant.now(), new ArrayList<>(List.of(
                platform.instances(Service.COMMAND) + " command-side instances, " + clients + " clients, 2 tenants")));
        row.notes().add("increments decided against a limit: " + row.report().figure("increments replayed against their limit"));
        return row;
    }

    // ------------------------------------------------------------------------------------------ network faults

    /**
     * Network faults between the services and PostgreSQL, through the proxies: every connection reset at once,
     * a stall (bytes held, connections open) until every client waits on it, latency; on the query side resets,
     * refused connections and a stall until the read models fall behind.
     */
    public Reliability.Row networkFaults(String name, int rounds) {
        List<String> tenants = harness.createTenants("net", 4);
        LoadGenerator load = harness.load("net-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.2,
                Duration.ofMillis(2));
        TcpProxy command = harness.commandDatabase();
        TcpProxy query = harness.queryDatabase();
        List<String> notes = new ArrayList<>();
        int faults = 0;
        awaitAcknowledged(load, 0, 50, PROGRESS);
        for (int round = 0; round < rounds; round++) {
            // command side ⇄ PostgreSQL: reset every connection in the middle of transactions
            command.dropAll();
            faults++;
            awaitAcknowledged(load, load.stats().acknowledged.get(), 40, PROGRESS);
            // a stall until every client is waiting on it
            command.stall();
            faults++;
            try {
                awaitCondition("every client waiting on the stalled database", FAULT_FELT,
                        () -> load.stats().inFlight.get() >= clients);
            } finally {
                command.resume();
            }
            awaitAcknowledged(load, load.stats().acknowledged.get(), 40, PROGRESS);
            // query side ⇄ read models: resets, then refused connections until the read models fall behind
            query.dropAll();
            faults++;
            awaitAcknowledged(load, load.stats().acknowledged.get(), 30, PROGRESS);
            query.refuse(true);
            query.dropAll();
            faults++;
            try {
                awaitCondition("read models behind while their database is unreachable", FAULT_FELT,
                        () -> !harness.lagging(Set.of()).isEmpty());
                awaitAcknowledged(load, load.stats().acknowledged.get(), 20, PROGRESS);
            } finally {
                query.refuse(false);
            }
            query.stall();
            faults++;
            try {
                awaitAcknowledged(load, load.stats().acknowledged.get(), 20, PROGRESS);
            } finally {
                query.resume();
            }
        }
        // latency on both sides
        command.latency(Duration.ofMillis(20));
        query.latency(Duration.ofMillis(20));
        faults++;
        try {
            awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
        } finally {
            command.heal();
            query.heal();
        }
        Instant healed = Instant.now();
        notes.add("%d round(s) of: command-side connections reset, command-side stall until all %d clients waited, "
                .formatted(rounds, clients) + "query-side connections reset, query-side connections refused until the read models fell "
                + "behind, query-side stall; then 20 ms latency each way on both; connections reset in all: "
                + (command.connectionsDropped() + query.connectionsDropped()));
        return harness.finish(name, faults, load, healed, notes);
    }

    /**
     * The short variant's mix on two command-side instances sharing three tenants: every PostgreSQL connection of the
     * command side reset {@value #DROPS} times amid the calls (in every phase of a command: loading, appending,
     * committing), then a stall until every client waits on it. Calls cut by a reset are answered 500 (or, when the
     * commit went through, the retry with the same key is answered from the stored receipt); none may be answered as
     * done without being recorded.
     */
    public Reliability.Row databaseFaultsOnTwoNodes(String name) {
        List<String> tenants = harness.createTenants("mix", 3);
        LoadGenerator load = harness.load("mix-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.3,
                Duration.ofMillis(2));
        TcpProxy command = harness.commandDatabase();
        awaitAcknowledged(load, 0, 60, PROGRESS);
        for (int drop = 0; drop < DROPS; drop++) {
            command.dropAll();
            awaitAcknowledged(load, load.stats().acknowledged.get(), 20, PROGRESS);
        }
        command.stall();
        try {
            awaitCondition("every client waiting on the stalled database", FAULT_FELT,
                    () -> load.stats().inFlight.get() >= clients);
        } finally {
            command.resume();
        }
        Instant healed = Instant.now();
        awaitAcknowledged(load, load.stats().acknowledged.get(), 30, PROGRESS);
        List<String> notes = new ArrayList<>(List.of(("%d command-side instances on one event store, %d clients on 3 "
                + "tenants; every database connection of the command side reset %d times (%d connections), then a stall "
                + "until all clients waited").formatted(platform.instances(Service.COMMAND), clients, DROPS,
                command.connectionsDropped())));
        return harness.finish(name, DROPS + 1, load, healed, notes);
    }

    // ------------------------------------------------------------------------------------------ infrastructure

    /** PostgreSQL stopped immediately (every backend killed, crash recovery on start) and started again. */
    public Reliability.Row postgresRestarts(String name, PostgresServer server, int restarts) {
        List<String> tenants = harness.createTenants("pg", 4);
        LoadGenerator load = harness.load("pg-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.2,
                Duration.ofMillis(2));
        List<String> notes = new ArrayList<>();
        Instant healed = Instant.now();
        try {
            for (int r = 0; r < restarts; r++) {
                awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
                Instant down = Instant.now();
                server.stopImmediately();
                try {
                    awaitRetries(load, clients, FAULT_FELT);
                } finally {
                    server.start();
                }
                healed = Instant.now();
                notes.add("restart %d: down %.1f s".formatted(r + 1, Duration.between(down, healed).toMillis() / 1000.0));
            }
            awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
        } finally {
            if (!server.running()) {
                server.start();
            }
        }
        return harness.finish(name, restarts, load, healed, notes);
    }

    /**
     * The Kafka broker killed ({@code kill -9}) and started again, and frozen (SIGSTOP) and thawed: clients are not
     * affected (the event store is the outbox); the publisher retries, the projections wait, nothing is lost.
     */
    public Reliability.Row kafkaFaults(String name, KafkaBroker broker, int kills, int freezes) {
        List<String> tenants = harness.createTenants("kafka", 4);
        LoadGenerator load = harness.load("kafka-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.2,
                Duration.ofMillis(2));
        List<String> notes = new ArrayList<>();
        Instant healed = Instant.now();
        try {
            for (int k = 0; k < kills; k++) {
                awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
                Instant down = Instant.now();
                broker.kill();
                try {
                    awaitAcknowledged(load, load.stats().acknowledged.get(), 150, PROGRESS); // commands go on without Kafka
                } finally {
                    broker.start();
                }
                healed = Instant.now();
                notes.add("kill %d: broker down %.1f s".formatted(k + 1, Duration.between(down, healed).toMillis() / 1000.0));
            }
            for (int f = 0; f < freezes; f++) {
                awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
                Instant frozen = Instant.now();
                broker.freeze();
                try {
                    awaitAcknowledged(load, load.stats().acknowledged.get(), 150, PROGRESS);
                } finally {
                    broker.thaw();
                }
                healed = Instant.now();
                notes.add("freeze %d: broker stopped (SIGSTOP) %.1f s".formatted(f + 1,
                        Duration.between(frozen, healed).toMillis() / 1000.0));
            }
            awaitAcknowledged(load, load.stats().acknowledged.get(), 30, PROGRESS);
        } finally {
            if (!broker.running()) {
                broker.start();
            }
        }
        return harness.finish(name, kills + freezes, load, healed, notes);
    }

    // -------------------------------------------------------------------------------------------------- poison

    /**
     * A projection defect that hits one tenant's data only (a trigger on its usage row raises, as a bad migration or
     * a constraint the projection does not expect would): that tenant's events park after their retries, its later
     * events queue behind them, every other tenant keeps flowing. The operator fixes the defect and retries the
     * tenant's parked events (under load): they apply in order and the tenant converges.
     */
    public Reliability.Row poisonedProjection(String name) {
        List<String> tenants = harness.createTenants("poison", 4);
        String victim = tenants.get(0);
        LoadGenerator load = harness.load("poison-" + UUID.randomUUID().toString().substring(0, 6), tenants, clients, 0.1,
                Duration.ofMillis(2));
        List<String> notes = new ArrayList<>();
        awaitAcknowledged(load, 0, 40, PROGRESS);
        String schema = harness.activeGeneration();
        harness.onReadModels("""
                CREATE OR REPLACE FUNCTION public.chaos_projection_defect() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.tenant_id = '%s'::uuid THEN
                        RAISE EXCEPTION 'chaos: the projection cannot apply this tenant''s usage';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER chaos_projection_defect BEFORE UPDATE ON %s.tenant_usage
                    FOR EACH ROW EXECUTE FUNCTION public.chaos_projection_defect();""".formatted(victim, schema));
        Instant injected = Instant.now();
        try {
            awaitCondition("the victim's events parked", PROGRESS, () -> parkedOf(victim) > 0);
            Map<String, Long> others = new HashMap<>();
            tenants.subList(1, tenants.size()).forEach(t -> others.put(t, harness.appliedSequence(t)));
            awaitCondition("the other tenants flowing while the victim is parked", PROGRESS,
                    () -> others.entrySet().stream().allMatch(e -> harness.appliedSequence(e.getKey()) >= e.getValue() + 3));
            awaitAcknowledged(load, load.stats().acknowledged.get(), 40, PROGRESS);
            notes.add("%d event(s) of the victim parked %.1f s after the defect, while every other tenant advanced by 3+ events"
                    .formatted(parkedOf(victim), Duration.between(injected, Instant.now()).toMillis() / 1000.0));
        } finally {
            harness.onReadModels("DROP TRIGGER IF EXISTS chaos_projection_defect ON " + schema + ".tenant_usage; "
                    + "DROP FUNCTION IF EXISTS public.chaos_projection_defect()");
        }
        Instant fixed = Instant.now();
        List<String> retries = retryUntilClear(victim);
        notes.add("defect fixed, then " + retries.size() + " operator retr" + (retries.size() == 1 ? "y" : "ies")
                + " under load: " + retries);
        awaitAcknowledged(load, load.stats().acknowledged.get(), 20, PROGRESS);
        return harness.finish(name, 1, load, fixed, notes);
    }

    /**
     * A malformed record on the topic with the tenant's key, the contract's headers and the tenant's next sequence
     * number (a broken or foreign producer): it parks the tenant; the genuine event with that number, arriving next,
     * finds its number taken among the parked events and is set aside. The operator discards the poison (its ce_id is
     * not in the event store), retries the tenant's later events, and — since the genuine event was never applied —
     * rebuilds the read models from the event store (zero downtime) while the other tenants' load goes on.
     */
    public Reliability.Row forgedRecord(String name) {
        List<String> tenants = harness.createTenants("forged", 3);
        String victim = tenants.get(0);
        // the victim is driven by hand (its next sequence number must be free when the poison lands); the others by the load
        LoadGenerator load = harness.load("forged-" + UUID.randomUUID().toString().substring(0, 6), tenants.subList(1, 3),
                clients, 0.1, Duration.ofMillis(2));
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            trackByHand(victim, "forged-before-" + i, 1);
        }
        awaitCondition("victim applied", PROGRESS, () -> harness.appliedSequence(victim) == harness.storedSequence(victim));
        long next = harness.storedSequence(victim) + 1;
        String poisonId = UUID.randomUUID().toString();
        harness.produce(victim, "{\"tenantId\":\"".getBytes(StandardCharsets.UTF_8),
                "ce_specversion", "1.0", "ce_id", poisonId, "ce_type", "com.hackops.events.usage.UsageTracked.v1",
                "ce_source", "/somebody/else", "ce_time", Instant.now().toString(), "ce_subject", victim,
                "content-type", "application/json", "hackops_sequence", Long.toString(next), "hackops_position", "0");
        awaitCondition("the victim parked on the poison", PROGRESS, () -> parkedOf(victim) > 0);
        for (int i = 0; i < 3; i++) {
            trackByHand(victim, "forged-after-" + i, 1);
        }
        awaitCondition("the victim's later events parked behind", PROGRESS, () -> parkedOf(victim) >= 3);
        List<JsonNode> parked = parked(victim);
        boolean genuineKept = parked.stream().anyMatch(p -> p.path("sequence").asLong() == next
                && !p.path("eventId").asText().equals(poisonId));
        notes.add("parked: " + parked.stream().map(p -> p.path("sequence").asLong() + (p.path("eventId").asText().equals(poisonId)
                ? " (poison)" : "")).toList() + "; genuine event " + next + " kept among the parked: " + genuineKept);
        Instant fixing = Instant.now();
        Api.Response discarded = harness.anyQuery().send("DELETE", "/api/v1/admin/projections/parked/" + victim + "/" + next,
                harness.adminToken(), null);
        notes.add("operator discarded the poison: " + discarded.status());
        List<String> retries = retryUntilClear(victim);
        notes.add("then retried: " + retries);
        JsonNode reconciliation = awaitReconciliation(victim);
        notes.add("the tenant's reconciliation after the retry: consistent=" + reconciliation.path("consistent").asBoolean()
                + (reconciliation.path("consistent").asBoolean() ? "" : ", differences " + reconciliation.path("differences")));
        // The genuine event with the poison's number was set aside while the poison held that number; the discard
        // counted the number as applied. Current usage heals (every UsageTracked carries the value after it), the
        // usage history does not: only a rebuild from the event store brings the event back.
        notes.add("operator rebuilt the read models from the event store (zero downtime, under load): " + rebuild());
        return harness.finish(name, 1, load, fixing, notes);
    }

    /**
     * A record with a tenant's key but none of the contract's headers (not an event of this platform at all): it must
     * neither stop the other tenants of its partition nor stop the tenant itself.
     */
    public Reliability.Row headerlessRecord(String name) {
        List<String> tenants = harness.createTenants("noheaders", 3);
        String victim = tenants.get(0);
        LoadGenerator load = harness.load("noheaders-" + UUID.randomUUID().toString().substring(0, 6), tenants,
                clients, 0.1, Duration.ofMillis(2));
        awaitAcknowledged(load, 0, 40, PROGRESS);
        harness.produce(victim, "not an event".getBytes(StandardCharsets.UTF_8));
        Instant injected = Instant.now();
        awaitAcknowledged(load, load.stats().acknowledged.get(), 60, PROGRESS);
        return harness.finish(name, 1, load, injected, new ArrayList<>(List.of(
                "a record with the victim's key and no headers was produced onto the topic amid load")));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static long unanswered(LoadGenerator load) {
        var counter = load.stats().retriedBecause.get("no answer");
        return counter == null ? 0 : counter.get();
    }

    private long parkedOf(String tenant) {
        return parked(tenant).size();
    }

    private List<JsonNode> parked(String tenant) {
        Api.Response answer = harness.anyQuery().get("/api/v1/admin/projections/parked", harness.adminToken());
        List<JsonNode> parked = new ArrayList<>();
        if (answer.status() == 200) {
            answer.json().forEach(p -> {
                if (p.path("tenantId").asText().equals(tenant)) {
                    parked.add(p);
                }
            });
        }
        return parked;
    }

    /** The operator's retry, repeated until nothing of the tenant is parked; returns each retry's answer. */
    private List<String> retryUntilClear(String tenant) {
        List<String> answers = new ArrayList<>();
        await("parked events of " + tenant + " retried").atMost(PROGRESS).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class).until(() -> {
                    Api.Response retry = harness.anyQuery().post("/api/v1/admin/projections/parked/" + tenant + "/retry",
                            harness.adminToken(), null);
                    JsonNode body = retry.json();
                    answers.add(retry.status() + " applied " + body.path("applied").asInt() + ", still parked "
                            + body.path("stillParked").asInt() + (body.path("error").isMissingNode() || body.path("error").isNull()
                            ? "" : ", error: " + body.path("error").asText()));
                    return parkedOf(tenant) == 0;
                });
        return answers;
    }

    private JsonNode awaitReconciliation(String tenant) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("reconciliation of " + tenant).atMost(PROGRESS).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class).until(() -> {
                    Api.Response answer = harness.anyQuery().get(TENANTS + tenant + "/billing/reconciliation", harness.adminToken());
                    last.set(answer.json());
                    return answer.status() == 200
                            && answer.json().path("checkedThroughSequence").asLong() == harness.storedSequence(tenant);
                });
        return last.get();
    }

    /** POST /api/v1/admin/rebuilds and wait for its end; returns how it ended. */
    private String rebuild() {
        Api.Response started = harness.anyQuery().post("/api/v1/admin/rebuilds", harness.adminToken(), null);
        if (started.status() != 202) {
            return "not started: " + started;
        }
        String id = started.json().path("id").asText();
        AtomicReference<JsonNode> job = new AtomicReference<>();
        try {
            await("rebuild " + id).atMost(PROGRESS).pollInterval(Duration.ofMillis(250)).until(() -> {
                job.set(harness.anyQuery().get("/api/v1/admin/rebuilds/" + id, harness.adminToken()).json());
                return job.get().path("finishedAt").isTextual();
            });
        } catch (ConditionTimeoutException e) {
            return "still running after " + PROGRESS + ": " + job.get();
        }
        JsonNode done = job.get();
        return "phase " + done.path("phase").asText() + ", " + done.path("eventsDone").asLong() + " events replayed in "
                + done.path("passes").asInt() + " pass(es)" + (done.path("error").isTextual() ? ", error " + done.path("error").asText() : "");
    }

    /** One keyed +delta PARTICIPANTS call, retried with its key until answered 200. */
    private void trackByHand(String tenant, String key, long delta) {
        await("usage call " + key).atMost(PROGRESS).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> harness.anyCommand().post(TENANTS + tenant + "/usage", harness.token(),
                        "{\"metric\":\"PARTICIPANTS\",\"delta\":" + delta + "}", "Idempotency-Key", key).status() == 200);
    }
}
