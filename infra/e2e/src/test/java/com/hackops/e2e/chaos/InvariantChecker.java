package com.hackops.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The platform's invariants, checked from outside after any run (a chaos scenario, a test suite, a demo) against the
 * event store, the idempotency keys, the topic, the read models and, optionally, the query side's own audit:
 * <ol>
 *   <li><b>store integrity</b>: each tenant's events are numbered 0, 1, 2, … without gaps;</li>
 *   <li><b>no overrun</b>: replaying each tenant's events, every usage increment leaves the metric within its
 *       effective limit (plan grant overlaid with negotiated overrides) at that position of the stream, and every admin
 *       seat taken does too; a limit only drops below usage through a forced change that names the metric (over-limit
 *       state). Usage moves continuously: each change starts from the value the previous one left (no lost update);</li>
 *   <li><b>idempotency</b>: every recorded key has a receipt, the receipt's reported usage is the store's at the
 *       receipt's version, each receipt that moved usage maps to exactly one {@code UsageTracked} of its tenant, and no
 *       two keys map to the same one; optionally every {@code UsageTracked} must belong to a key (all calls keyed);</li>
 *   <li><b>publication</b>: every stored event is on the topic (by {@code ce_id}), under its tenant's key, each
 *       tenant's sequence numbers first appearing in order; repeats are counted (at-least-once), never an error;</li>
 *   <li><b>read models</b>: each tenant's read models have applied exactly the store's last event, hold nothing
 *       parked, and show the plan, status, usage, limits and members the replay computes;</li>
 *   <li><b>the platform's own audit</b> (optional): {@code POST /api/v1/admin/audits} finds every tenant consistent.</li>
 * </ol>
 * Used as a library by the chaos tests and as a command ({@link CheckInvariants}, {@code infra/check-invariants}).
 */
public final class InvariantChecker {

    /** What a violation means for billing. */
    public enum Category {
        /** Something acknowledged or stored did not arrive where it must: a key without its change, an event missing
         *  on the topic or in the read models, a change that did not start from the previous value. */
        LOST,
        /** Something counted twice: a usage event that no key accounts for (when every call is keyed). */
        DUPLICATE,
        /** Usage or admin seats above the effective limit after an increment. */
        OVERRUN,
        /** Read models that differ from the replay of the store at the same position. */
        DIVERGED,
        /** Anything else that should never be: sequence gaps, order on the topic, unreadable receipts. */
        BROKEN
    }

    public record Violation(Category category, String tenant, String message) {
        @Override
        public String toString() {
            return category + " " + (tenant == null ? "-" : tenant) + ": " + message;
        }
    }

    /** A recorded idempotency key and the event it maps to ({@code -1} when the call moved nothing). */
    public record KeyRecord(String tenant, String key, long receiptVersion, long eventSequence) {
    }

    /** The result: figures and violations. */
    public static final class Report {
        private final Map<String, Long> figures = new LinkedHashMap<>();
        private final List<Violation> violations = new ArrayList<>();
        private final Map<String, Map<String, KeyRecord>> keys = new HashMap<>();
        private final Map<String, TenantReplay> tenants = new TreeMap<>();
        private final Map<String, Long> recordsOnTopic = new HashMap<>();
        private final List<String> notes = new ArrayList<>();

        public boolean ok() {
            return violations.isEmpty();
        }

        public List<Violation> violations() {
            return Collections.unmodifiableList(violations);
        }

        public long count(Category category) {
            return violations.stream().filter(v -> v.category() == category).count();
        }

        public long figure(String name) {
            return figures.getOrDefault(name, 0L);
        }

        public Map<String, Long> figures() {
            return Collections.unmodifiableMap(figures);
        }

        /** The recorded key of a tenant, or null. */
        public KeyRecord key(String tenant, String key) {
            return keys.getOrDefault(tenant, Map.of()).get(key);
        }

        /** How many records of the topic carry this event ({@code ce_id}): more than 1 is a repeat (at-least-once). */
        public long recordsOnTopic(String eventId) {
            return recordsOnTopic.getOrDefault(eventId, 0L);
        }

        /** The members (user → role) of a tenant after its last stored event. */
        public Map<String, String> members(String tenant) {
            TenantReplay replay = tenants.get(tenant);
            return replay == null ? Map.of() : Collections.unmodifiableMap(replay.members);
        }

        /** A tenant's usage of a metric after its last stored event. */
        public long used(String tenant, String metric) {
            TenantReplay replay = tenants.get(tenant);
            return replay == null ? 0 : replay.used(metric);
        }

        /** A tenant's last stored sequence number, or -1. */
        public long lastSequence(String tenant) {
            TenantReplay replay = tenants.get(tenant);
            return replay == null ? -1 : replay.sequence;
        }

        void add(Category category, String tenant, String message) {
            violations.add(new Violation(category, tenant, message));
        }

        void figure(String name, long value) {
            figures.put(name, value);
        }

        void bump(String name) {
            figures.merge(name, 1L, Long::sum);
        }

        void note(String note) {
            notes.add(note);
        }

        /** Figures, notes, and the violations (the first {@code limit} of them), for people. */
        public String summary(int limit) {
            StringBuilder text = new StringBuilder();
            text.append(ok() ? "INVARIANTS HOLD" : "INVARIANTS VIOLATED: " + violations.size() + " violation(s)").append('\n');
            figures.forEach((name, value) -> text.append(String.format("  %-40s %d%n", name, value)));
            notes.forEach(note -> text.append("  note: ").append(note).append('\n'));
            if (!ok()) {
                for (Category category : Category.values()) {
                    long n = count(category);
                    if (n > 0) {
                        text.append(String.format("  %-40s %d%n", "violations " + category, n));
                    }
                }
                violations.stream().limit(limit).forEach(v -> text.append("  ").append(v).append('\n'));
                if (violations.size() > limit) {
                    text.append("  … and ").append(violations.size() - limit).append(" more\n");
                }
            }
            return text.toString();
        }

        @Override
        public String toString() {
            return summary(50);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "com.hackops.events.";
    private static final Set<String> SIGNALS = Set.of(EVENTS + "usage.UsageThresholdCrossed",
            EVENTS + "usage.UsageOverLimitEntered", EVENTS + "usage.UsageOverLimitCleared");
    private static final String USAGE_TRACKED = EVENTS + "usage.UsageTracked";
    private static final List<String> METRICS = List.of("EVENTS", "PARTICIPANTS", "STORAGE_BYTES", "ADMINS");
    private static final Duration KAFKA_BOUND = Duration.ofSeconds(60);

    private String eventsUrl;
    private String eventsUser = "hackops_owner";
    private String eventsPassword = "hackops_owner";
    private String readUrl;
    private String readUser = "hackops_owner";
    private String readPassword = "hackops_owner";
    private String bootstrap;
    private String topic;
    private String queryUrl;
    private String adminToken;
    private Duration auditBound = Duration.ofSeconds(120);
    private boolean requireKeyedUsage;
    private Set<String> foreignRecordIds = Set.of();

    private InvariantChecker() {
    }

    /** The event store (events and idempotency keys) is always checked; read with a role that may SELECT both. */
    public static InvariantChecker eventStore(String jdbcUrl, String user, String password) {
        InvariantChecker checker = new InvariantChecker();
        checker.eventsUrl = Objects.requireNonNull(jdbcUrl);
        checker.eventsUser = user;
        checker.eventsPassword = password;
        return checker;
    }

    /** Compare the read models (active generation) with the store, as a role that may read every tenant's rows. */
    public InvariantChecker readModels(String jdbcUrl, String user, String password) {
        this.readUrl = jdbcUrl;
        this.readUser = user;
        this.readPassword = password;
        return this;
    }

    /** Check that every stored event is on this topic. */
    public InvariantChecker topic(String bootstrapServers, String topicName) {
        this.bootstrap = bootstrapServers;
        this.topic = topicName;
        return this;
    }

    /** Also run the query side's platform audit ({@code POST /api/v1/admin/audits}) with a platform-admin token. */
    public InvariantChecker queryApi(String baseUrl, String platformAdminToken) {
        this.queryUrl = baseUrl;
        this.adminToken = platformAdminToken;
        return this;
    }

    /** Every {@code UsageTracked} must belong to an idempotency key (a run whose clients key every usage call). */
    public InvariantChecker requireKeyedUsage(boolean required) {
        this.requireKeyedUsage = required;
        return this;
    }

    /** Records on the topic known not to come from the store (a poison a test produced): ce_ids or partition@offset. */
    public InvariantChecker tolerateForeignRecords(Set<String> ceIds) {
        this.foreignRecordIds = Set.copyOf(ceIds);
        return this;
    }

    public Report check() {
        Report report = new Report();
        Map<String, List<StoredEvent>> store;
        try (Connection events = DriverManager.getConnection(eventsUrl, eventsUser, eventsPassword)) {
            // events and keys from one snapshot: a run still writing cannot show a key without its event
            events.setAutoCommit(false);
            events.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                store = loadEvents(events);
                replay(store, report);
                checkKeys(events, store, report);
            } finally {
                events.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store at " + eventsUrl + ": " + e.getMessage(), e);
        }
        if (topic != null) {
            checkTopic(store, report);
        }
        if (readUrl != null) {
            try (Connection read = DriverManager.getConnection(readUrl, readUser, readPassword)) {
                checkReadModels(read, report);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the read models at " + readUrl + ": " + e.getMessage(), e);
            }
        }
        if (queryUrl != null) {
            checkAudit(report);
        }
        return report;
    }

    // ------------------------------------------------------------------------------------------------ event store

    private record StoredEvent(String tenant, long sequence, long globalIndex, String id, String type, String revision,
                               JsonNode payload) {
    }

    private static Map<String, List<StoredEvent>> loadEvents(Connection connection) throws SQLException {
        Map<String, List<StoredEvent>> store = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(2_000);
            try (ResultSet rows = statement.executeQuery("""
                    SELECT aggregate_identifier, sequence_number, global_index, event_identifier, payload_type,
                           payload_revision, payload
                    FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number""")) {
                while (rows.next()) {
                    StoredEvent event = new StoredEvent(rows.getString(1), rows.getLong(2), rows.getLong(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), json(rows.getBytes(7)));
                    store.computeIfAbsent(event.tenant(), t -> new ArrayList<>()).add(event);
                }
            }
        }
        return store;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** A tenant replayed from its events alone; knows its effective limits at every position. */
    static final class TenantReplay {
        final String tenant;
        String name;
        String slug;
        String plan;
        String status;
        Map<String, Long> planLimits = Map.of();
        Map<String, Long> overrides = Map.of();
        final Map<String, String> members = new TreeMap<>();
        final Map<String, Long> used = new HashMap<>();
        long sequence = -1;
        boolean importing;
        /** usage (metric → used) after each sequence, for receipts */
        final List<Map<String, Long>> usageAt = new ArrayList<>();
        /** metric → {sum of increments, sum of decrements, number of changes}: what the hourly history must add up to */
        final Map<String, long[]> history = new TreeMap<>();

        TenantReplay(String tenant) {
            this.tenant = tenant;
        }

        long limit(String metric) {
            Long override = overrides.get(metric);
            if (override != null) {
                return override;
            }
            Long granted = planLimits.get(metric);
            return granted == null ? Long.MAX_VALUE : granted;
        }

        long seats() {
            return members.values().stream().filter(role -> role.equals("OWNER") || role.equals("ADMIN")).count();
        }

        long used(String metric) {
            return metric.equals("ADMINS") ? seats() : used.getOrDefault(metric, 0L);
        }
    }

    private void replay(Map<String, List<StoredEvent>> store, Report report) {
        long events = 0;
        long usageEvents = 0;
        long increments = 0;
        long overruns = 0;
        for (Map.Entry<String, List<StoredEvent>> entry : store.entrySet()) {
            String tenant = entry.getKey();
            TenantReplay state = new TenantReplay(tenant);
            report.tenants.put(tenant, state);
            long expected = 0;
            for (StoredEvent event : entry.getValue()) {
                events++;
                if (event.sequence() != expected) {
                    report.add(Category.BROKEN, tenant, "event " + event.id() + " has sequence " + event.sequence()
                            + " where " + expected + " was due (a gap in the stream)");
                    expected = event.sequence();
                }
                expected++;
                if (event.type().equals(USAGE_TRACKED)) {
                    usageEvents++;
                }
                int before = report.violations.size();
                increments += apply(state, event, report);
                overruns += report.violations.subList(before, report.violations.size()).stream()
                        .filter(v -> v.category() == Category.OVERRUN).count();
                state.sequence = event.sequence();
                Map<String, Long> snapshot = new HashMap<>();
                METRICS.forEach(metric -> snapshot.put(metric, state.used(metric)));
                state.usageAt.add(snapshot);
            }
        }
        report.figure("tenants in the event store", store.size());
        report.figure("events in the event store", events);
        report.figure("UsageTracked events", usageEvents);
        report.figure("increments replayed against their limit", increments);
        report.figure("overruns", overruns);
    }

    /** Applies one event to the replay, checking the limit rules at that position; returns the increments checked. */
    private long apply(TenantReplay state, StoredEvent event, Report report) {
        JsonNode p = event.payload();
        String tenant = state.tenant;
        String type = event.type().startsWith(EVENTS) ? event.type().substring(EVENTS.length()) : event.type();
        long increments = 0;
        boolean signal = SIGNALS.contains(event.type());
        if (!signal && !type.equals("usage.UsageTracked") && !type.equals("membership.MemberAdded")) {
            state.importing = false;
        }
        switch (type) {
            case "tenant.TenantCreated", "tenant.TenantImported" -> {
                state.name = p.path("name").asText();
                state.slug = p.path("slug").asText();
                state.plan = p.path("plan").asText();
                state.status = "ACTIVE";
                state.planLimits = limits(p.path("limits"));
                state.importing = type.equals("tenant.TenantImported");
            }
            case "tenant.TenantProfileUpdated" -> {
                state.name = p.path("name").asText();
                state.slug = p.path("slug").asText();
            }
            case "tenant.TenantSuspended" -> state.status = "SUSPENDED";
            case "tenant.TenantReactivated" -> state.status = "ACTIVE";
            case "tenant.TenantArchived" -> state.status = "ARCHIVED";
            case "tenant.PlanChanged" -> {
                Map<String, Long> before = effective(state);
                state.plan = p.path("plan").asText();
                state.planLimits = limits(p.path("limits"));
                checkLowering(state, before, p.path("overLimit"), event, report);
            }
            case "tenant.LimitsOverridden" -> {
                Map<String, Long> before = effective(state);
                state.overrides = limits(p.path("limits"));
                checkLowering(state, before, p.path("overLimit"), event, report);
            }
            case "tenant.LimitsOverrideRemoved" -> {
                Map<String, Long> before = effective(state);
                state.overrides = Map.of();
                checkLowering(state, before, p.path("overLimit"), event, report);
            }
            case "membership.MemberAdded" -> {
                String user = p.path("userId").asText();
                if (state.members.containsKey(user)) {
                    report.add(Category.BROKEN, tenant, "seq " + event.sequence() + ": " + user + " added while already a member");
                }
                long seatsBefore = state.seats();
                state.members.put(user, p.path("role").asText());
                increments += checkSeats(state, seatsBefore, event, report);
            }
            case "membership.MemberRoleChanged" -> {
                String user = p.path("userId").asText();
                String previous = p.path("previousRole").asText();
                if (!previous.equals(state.members.get(user))) {
                    report.add(Category.BROKEN, tenant, "seq " + event.sequence() + ": role of " + user + " changed from "
                            + previous + " but it was " + state.members.get(user));
                }
                long seatsBefore = state.seats();
                state.members.put(user, p.path("role").asText());
                increments += checkSeats(state, seatsBefore, event, report);
            }
            case "membership.MemberRemoved" -> {
                String user = p.path("userId").asText();
                if (state.members.remove(user) == null) {
                    report.add(Category.BROKEN, tenant, "seq " + event.sequence() + ": " + user + " removed but not a member");
                }
            }
            case "usage.UsageTracked" -> {
                for (JsonNode change : p.path("changes")) {
                    String metric = change.path("metric").asText();
                    long requested = change.path("requested").asLong();
                    long delta = change.path("delta").asLong();
                    long after = change.path("used").asLong();
                    long before = state.used(metric);
                    if (before + delta != after) {
                        report.add(Category.LOST, tenant, "seq %d: %s moved %+d from %d to %d (a lost update: the change did not start from the previous value)"
                                .formatted(event.sequence(), metric, delta, before, after));
                    }
                    if (delta != requested && !(requested < 0 && after == 0 && delta == -before)) {
                        report.add(Category.BROKEN, tenant, "seq %d: %s applied %+d of %+d requested without a clamp at zero"
                                .formatted(event.sequence(), metric, delta, requested));
                    }
                    if (delta > 0) {
                        increments++;
                        long limit = state.limit(metric);
                        if (after > limit) {
                            if (state.importing) {
                                report.bump("imported usage above its limit (not an increment)");
                            } else {
                                report.add(Category.OVERRUN, tenant, "seq %d: %s raised %+d to %d, above its effective limit %d"
                                        .formatted(event.sequence(), metric, delta, after, limit));
                            }
                        }
                        if (!"ACTIVE".equals(state.status) && !state.importing) {
                            report.add(Category.BROKEN, tenant, "seq %d: %s raised while the tenant was %s"
                                    .formatted(event.sequence(), metric, state.status));
                        }
                    }
                    state.used.put(metric, after);
                    long[] totals = state.history.computeIfAbsent(metric, m -> new long[3]);
                    totals[0] += Math.max(delta, 0);
                    totals[1] += Math.max(-delta, 0);
                    totals[2]++;
                }
                state.importing = false;
            }
            default -> {
                // thresholds, over-limit signals, schedules and trials change no state the invariants depend on
            }
        }
        return increments;
    }

    private static Map<String, Long> effective(TenantReplay state) {
        Map<String, Long> limits = new HashMap<>();
        METRICS.forEach(metric -> limits.put(metric, state.limit(metric)));
        return limits;
    }

    /** A limit may fall below usage only through a change that names the metric over limit (forced). */
    private static void checkLowering(TenantReplay state, Map<String, Long> before, JsonNode overLimit,
                                      StoredEvent event, Report report) {
        Set<String> forced = new HashSet<>();
        overLimit.forEach(metric -> forced.add(metric.asText()));
        for (String metric : METRICS) {
            long used = state.used(metric);
            long limit = state.limit(metric);
            if (used > limit && limit < before.get(metric) && !forced.contains(metric)) {
                report.add(Category.OVERRUN, state.tenant, "seq %d: %s limit lowered to %d below usage %d without a forced over-limit state"
                        .formatted(event.sequence(), metric, limit, used));
            }
        }
    }

    private static long checkSeats(TenantReplay state, long seatsBefore, StoredEvent event, Report report) {
        long seats = state.seats();
        if (seats <= seatsBefore) {
            return 0;
        }
        long limit = state.limit("ADMINS");
        if (seats > limit && !state.importing) {
            report.add(Category.OVERRUN, state.tenant, "seq %d: admin seats raised to %d, above the effective limit %d"
                    .formatted(event.sequence(), seats, limit));
        }
        return 1;
    }

    private static Map<String, Long> limits(JsonNode node) {
        Map<String, Long> limits = new HashMap<>();
        node.fields().forEachRemaining(field -> limits.put(field.getKey(), field.getValue().asLong()));
        return limits;
    }

    // ------------------------------------------------------------------------------------------- idempotency keys

    private void checkKeys(Connection connection, Map<String, List<StoredEvent>> store, Report report) throws SQLException {
        // tenant → UsageTracked sequence → the keys whose receipt it may belong to, and those it must belong to
        Map<String, Map<Long, List<String>>> candidates = new HashMap<>();
        Map<String, Map<Long, List<String>>> owners = new HashMap<>();
        long keys = 0;
        long withoutEffect = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT tenant_id, idempotency_key, receipt FROM usage_idempotency_key ORDER BY tenant_id, created_at")) {
            while (rows.next()) {
                keys++;
                String tenant = rows.getString(1);
                String key = rows.getString(2);
                String receipt = rows.getString(3);
                List<StoredEvent> events = store.getOrDefault(tenant, List.of());
                if (receipt == null) {
                    report.add(Category.LOST, tenant, "key " + key + " was recorded without a receipt (claimed, never completed)");
                    continue;
                }
                JsonNode answer = json(receipt.getBytes(StandardCharsets.UTF_8));
                long version = answer.path("version").asLong(-1);
                if (version < 0 || version >= events.size()) {
                    report.add(Category.LOST, tenant, "key " + key + ": receipt version " + version
                            + " does not exist in the store (last " + (events.size() - 1) + ")");
                    continue;
                }
                // the usage each accepted item reported must be the store's at the receipt's version
                Map<String, Long> reported = new HashMap<>();
                boolean incremented = false;
                for (JsonNode item : answer.path("items")) {
                    if (item.path("accepted").asBoolean()) {
                        reported.put(item.path("metric").asText(), item.path("used").asLong());
                        incremented |= item.path("delta").asLong() > 0;
                    }
                }
                Map<String, Long> atVersion = report.tenants.get(tenant).usageAt.get((int) version);
                reported.forEach((metric, used) -> {
                    if (!used.equals(atVersion.get(metric))) {
                        report.add(Category.LOST, tenant, "key %s: answered %s used %d at version %d, the store holds %d there"
                                .formatted(key, metric, used, version, atVersion.get(metric)));
                    }
                });
                long mapped = usageEventOf(events, version);
                if (mapped >= 0 && !matches(answer, events.get((int) mapped))) {
                    mapped = -1;
                }
                if (mapped < 0) {
                    withoutEffect++;
                    if (incremented) {
                        report.add(Category.LOST, tenant, "key " + key + " acknowledged an increment, but no UsageTracked at version "
                                + version + " records it");
                    }
                } else {
                    candidates.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(mapped, s -> new ArrayList<>()).add(key);
                    if (incremented) {
                        owners.computeIfAbsent(tenant, t -> new HashMap<>()).computeIfAbsent(mapped, s -> new ArrayList<>()).add(key);
                    }
                }
                report.keys.computeIfAbsent(tenant, t -> new HashMap<>())
                        .put(key, new KeyRecord(tenant, key, version, mapped));
            }
        }
        // A call that only decremented and found nothing to take may carry the same receipt as the call before it (same
        // version, same values): it moved nothing, so only keys with an increment must own their event alone.
        owners.forEach((tenant, events) -> events.forEach((sequence, keysOf) -> {
            if (keysOf.size() > 1) {
                report.add(Category.LOST, tenant, "keys " + keysOf + " all acknowledged increments recorded by the one UsageTracked at "
                        + sequence + ": only one of those calls was recorded");
            }
        }));
        long keyed = 0;
        long unkeyed = 0;
        for (Map.Entry<String, List<StoredEvent>> entry : store.entrySet()) {
            Map<Long, List<String>> ofTenant = candidates.getOrDefault(entry.getKey(), Map.of());
            for (StoredEvent event : entry.getValue()) {
                if (!event.type().equals(USAGE_TRACKED)) {
                    continue;
                }
                if (ofTenant.containsKey(event.sequence())) {
                    keyed++;
                } else {
                    unkeyed++;
                    if (requireKeyedUsage) {
                        report.add(Category.DUPLICATE, entry.getKey(), "UsageTracked at " + event.sequence()
                                + " belongs to no idempotency key, though every call was keyed: recorded twice");
                    }
                }
            }
        }
        report.figure("idempotency keys", keys);
        report.figure("UsageTracked events owned by a key", keyed);
        report.figure("keys of calls that moved nothing", withoutEffect);
        report.figure("UsageTracked events without a key", unkeyed);
    }

    /** The UsageTracked a receipt of {@code version} belongs to: at or before it, followed only by its signals. */
    private static long usageEventOf(List<StoredEvent> events, long version) {
        for (long s = version; s >= 0; s--) {
            StoredEvent event = events.get((int) s);
            if (event.type().equals(USAGE_TRACKED)) {
                return s;
            }
            if (!SIGNALS.contains(event.type())) {
                return -1;
            }
        }
        return -1;
    }

    /** The event's changes are, in order, the receipt's accepted items that moved usage (with their value after). */
    private static boolean matches(JsonNode receipt, StoredEvent event) {
        Iterator<JsonNode> changes = event.payload().path("changes").iterator();
        JsonNode change = changes.hasNext() ? changes.next() : null;
        for (JsonNode item : receipt.path("items")) {
            if (!item.path("accepted").asBoolean()) {
                continue;
            }
            if (change != null && change.path("metric").asText().equals(item.path("metric").asText())
                    && change.path("requested").asLong() == item.path("delta").asLong()
                    && change.path("used").asLong() == item.path("used").asLong()) {
                change = changes.hasNext() ? changes.next() : null;
            } else if (item.path("delta").asLong() > 0) {
                return false; // an accepted increment always moves usage
            }
        }
        return change == null;
    }

    // ------------------------------------------------------------------------------------------------------ topic

    private record Published(int partition, long offset, String key, String id, long sequence) {
    }

    private void checkTopic(Map<String, List<StoredEvent>> store, Report report) {
        List<Published> records = readTopic();
        Map<String, StoredEvent> byId = new HashMap<>();
        store.values().forEach(events -> events.forEach(event -> byId.put(event.id(), event)));
        Set<String> seen = new HashSet<>();
        long repeats = 0;
        long foreign = 0;
        long newer = 0;
        Map<String, List<Published>> perTenant = new LinkedHashMap<>();
        for (Published record : records) {
            report.recordsOnTopic.merge(record.id(), 1L, Long::sum);
            if (!seen.add(record.id())) {
                repeats++;
                continue;
            }
            StoredEvent event = byId.get(record.id());
            List<StoredEvent> ofTenant = store.get(record.key());
            if (event == null && (ofTenant == null || record.sequence() >= ofTenant.size())
                    && !foreignRecordIds.contains(record.id())) {
                newer++; // stored after the store was read (a run still writing): nothing to compare it with
                continue;
            }
            if (event == null) {
                foreign++;
                if (!foreignRecordIds.contains(record.id())
                        && !foreignRecordIds.contains(record.partition() + "@" + record.offset())) {
                    report.add(Category.BROKEN, record.key(), "record " + record.partition() + "@" + record.offset() + " (ce_id "
                            + record.id() + ") is not an event of the store");
                }
                continue;
            }
            if (!event.tenant().equals(record.key()) || event.sequence() != record.sequence()) {
                report.add(Category.BROKEN, event.tenant(), "record " + record.partition() + "@" + record.offset()
                        + " of event " + event.id() + " has key " + record.key() + " and sequence " + record.sequence());
            }
            perTenant.computeIfAbsent(event.tenant(), t -> new ArrayList<>()).add(record);
        }
        long missing = 0;
        for (Map.Entry<String, List<StoredEvent>> entry : store.entrySet()) {
            for (StoredEvent event : entry.getValue()) {
                if (!seen.contains(event.id())) {
                    missing++;
                    report.add(Category.LOST, entry.getKey(), "event " + event.sequence() + " (" + event.id() + ", "
                            + shortType(event.type()) + ") never reached the topic " + topic);
                }
            }
        }
        perTenant.forEach((tenant, published) -> {
            long next = 0;
            Set<Integer> partitions = new TreeSet<>();
            for (Published record : published) {
                partitions.add(record.partition());
                if (record.sequence() != next) {
                    report.add(Category.BROKEN, tenant, "sequence " + record.sequence() + " first appeared on the topic where "
                            + next + " was due");
                    next = record.sequence();
                }
                next++;
            }
            if (partitions.size() > 1) {
                report.add(Category.BROKEN, tenant, "events spread over partitions " + partitions);
            }
        });
        report.figure("records on the topic", records.size());
        report.figure("records repeated on the topic (at-least-once)", repeats);
        report.figure("records not from the store (tolerated: " + foreignRecordIds.size() + ")", foreign);
        report.figure("stored events missing on the topic", missing);
        if (newer > 0) {
            report.figure("records newer than the store snapshot (still writing)", newer);
        }
    }

    private List<Published> readTopic() {
        List<Published> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000,
                ConsumerConfig.CLIENT_ID_CONFIG, "invariant-checker"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, KAFKA_BOUND).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_BOUND);
            Instant deadline = Instant.now().plus(KAFKA_BOUND);
            while (partitions.stream().anyMatch(p -> consumer.position(p, KAFKA_BOUND) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the topic " + topic + " was not read to its end within " + KAFKA_BOUND);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new Published(record.partition(), record.offset(), record.key(), header(record, "ce_id"),
                            parseLong(header(record, "hackops_sequence"))));
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ read models

    private void checkReadModels(Connection connection, Report report) throws SQLException {
        String schema;
        try (Statement statement = connection.createStatement()) {
            // row-level security binds even the owner: read through the platform-admin policy, in the active generation
            statement.execute("SELECT set_config('app.platform_admin', 'on', false)");
            try (ResultSet rows = statement.executeQuery("SELECT schema_name FROM public.read_model_generation WHERE active")) {
                if (!rows.next()) {
                    report.add(Category.BROKEN, null, "no active read-model generation");
                    return;
                }
                schema = rows.getString(1);
            }
            statement.execute("SELECT set_config('search_path', '" + schema + ", public', false)");
        }
        Map<String, long[]> streams = new HashMap<>();
        query(connection, "SELECT tenant_id, last_sequence, CASE WHEN parked THEN 1 ELSE 0 END FROM projection_stream",
                rows -> streams.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)}));
        Map<String, Long> parked = new HashMap<>();
        query(connection, "SELECT tenant_id, count(*) FROM parked_event GROUP BY tenant_id",
                rows -> parked.put(rows.getString(1), rows.getLong(2)));
        Map<String, String[]> summaries = new HashMap<>();
        query(connection, "SELECT tenant_id, name, slug, status, plan FROM tenant_summary", rows -> summaries.put(
                rows.getString(1), new String[] {rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)}));
        Map<String, Map<String, long[]>> usage = new HashMap<>();
        query(connection, "SELECT tenant_id, metric, used, usage_limit FROM tenant_usage", rows -> usage
                .computeIfAbsent(rows.getString(1), t -> new HashMap<>())
                .put(rows.getString(2), new long[] {rows.getLong(3), rows.getLong(4)}));
        Map<String, Map<String, String>> members = new HashMap<>();
        query(connection, "SELECT tenant_id, user_id, role FROM tenant_member", rows -> members
                .computeIfAbsent(rows.getString(1), t -> new TreeMap<>()).put(rows.getString(2), rows.getString(3)));
        // the cumulative history: a usage event applied twice or skipped shows here even when the current value,
        // which every UsageTracked carries absolutely, has healed
        Map<String, Map<String, long[]>> history = new HashMap<>();
        query(connection, "SELECT tenant_id, metric, sum(increments), sum(decrements), sum(changes) FROM usage_hourly "
                + "GROUP BY tenant_id, metric", rows -> history.computeIfAbsent(rows.getString(1), t -> new TreeMap<>())
                .put(rows.getString(2), new long[] {rows.getLong(3), rows.getLong(4), rows.getLong(5)}));

        long behind = 0;
        long ahead = 0;
        long differing = 0;
        for (TenantReplay replay : report.tenants.values()) {
            String tenant = replay.tenant;
            long[] stream = streams.get(tenant);
            long applied = stream == null ? -1 : stream[0];
            if (stream != null && stream[1] == 1 || parked.containsKey(tenant)) {
                report.add(Category.LOST, tenant, "the read models hold " + parked.getOrDefault(tenant, 0L)
                        + " parked event(s) of this tenant");
            }
            if (applied > replay.sequence) {
                ahead++; // applied events stored after the store was read (a run still writing)
                continue;
            }
            if (applied != replay.sequence) {
                behind++;
                report.add(Category.LOST, tenant,
                        "the read models applied up to " + applied + ", the store holds up to " + replay.sequence);
                continue;
            }
            List<String> differences = new ArrayList<>();
            String[] summary = summaries.get(tenant);
            if (summary == null) {
                differences.add("no tenant_summary row");
            } else {
                compare(differences, "name", replay.name, summary[0]);
                compare(differences, "slug", replay.slug, summary[1]);
                compare(differences, "status", replay.status, summary[2]);
                compare(differences, "plan", replay.plan, summary[3]);
            }
            Map<String, long[]> held = usage.getOrDefault(tenant, Map.of());
            for (String metric : METRICS) {
                long[] row = held.get(metric);
                compare(differences, metric + ".used", Long.toString(replay.used(metric)), row == null ? null : Long.toString(row[0]));
                compare(differences, metric + ".limit", Long.toString(replay.limit(metric)), row == null ? null : Long.toString(row[1]));
            }
            compare(differences, "members", replay.members.toString(), members.getOrDefault(tenant, Map.of()).toString());
            compare(differences, "usage history (increments, decrements, changes)", totals(replay.history),
                    totals(history.getOrDefault(tenant, Map.of())));
            if (!differences.isEmpty()) {
                differing++;
                report.add(Category.DIVERGED, tenant, "read models at " + applied + " differ from the store: "
                        + String.join("; ", differences));
            }
        }
        Set<String> unknown = new TreeSet<>(streams.keySet());
        unknown.removeAll(report.tenants.keySet());
        unknown.forEach(tenant -> report.add(Category.BROKEN, tenant, "the read models know a tenant the store does not"));
        report.figure("read-model tenants checked", streams.size());
        report.figure("read-model tenants behind the store", behind);
        report.figure("read-model tenants differing from the store", differing);
        if (ahead > 0) {
            report.figure("read-model tenants ahead of the store snapshot (still writing)", ahead);
        }
        report.figure("parked events", parked.values().stream().mapToLong(Long::longValue).sum());
        report.note("read models: generation " + schema);
    }

    private static String totals(Map<String, long[]> history) {
        Map<String, String> text = new TreeMap<>();
        history.forEach((metric, sums) -> text.put(metric, sums[0] + "/" + sums[1] + "/" + sums[2]));
        return text.toString();
    }

    private static void compare(List<String> differences, String field, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(field + " expected " + expected + " but was " + actual);
        }
    }

    private interface RowHandler {
        void handle(ResultSet rows) throws SQLException;
    }

    private static void query(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                handler.handle(rows);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- the platform audit

    private void checkAudit(Report report) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode started = send(http, HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/admin/audits"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        String id = started.path("id").asText();
        AtomicReference<JsonNode> job = new AtomicReference<>(started);
        try {
            await("platform audit " + id).atMost(auditBound).pollInterval(Duration.ofMillis(250)).until(() -> {
                job.set(send(http, HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/admin/audits/" + id)).GET()));
                return !job.get().path("status").asText().equals("RUNNING");
            });
        } catch (ConditionTimeoutException e) {
            report.add(Category.BROKEN, null, "the platform audit " + id + " did not finish within " + auditBound);
            return;
        }
        JsonNode done = job.get();
        if (!done.path("status").asText().equals("DONE")) {
            report.add(Category.BROKEN, null, "the platform audit failed: " + done.path("error").asText());
            return;
        }
        for (JsonNode inconsistent : done.path("inconsistent")) {
            report.add(Category.DIVERGED, inconsistent.path("tenantId").asText(), "the platform audit found "
                    + inconsistent.path("differences"));
        }
        report.figure("platform audit: tenants checked", done.path("tenantsTotal").asLong());
        report.figure("platform audit: tenants consistent", done.path("tenantsConsistent").asLong());
    }

    private JsonNode send(HttpClient http, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("platform audit: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("platform audit at " + queryUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String shortType(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** Tenants per category of violation, for reports. */
    public static Map<Category, Long> counts(Report report) {
        Map<Category, Long> counts = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            counts.put(category, report.count(category));
        }
        return counts;
    }

    static Set<String> tenantsOf(Report report) {
        return report.tenants.keySet().stream().collect(Collectors.toCollection(TreeSet::new));
    }
}
