package com.hackops.e2e.chaos;

import com.hackops.e2e.support.Api;
import com.hackops.e2e.support.Platform;
import com.hackops.e2e.support.Platform.Service;
import com.hackops.e2e.support.Tokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * What every chaos scenario needs around the platform: the platform itself (its services' PostgreSQL connections
 * routed through {@link TcpProxy proxies}, pass-through until a scenario injects a fault), tenants, the load,
 * the measurement of convergence, the invariant check and the scenario's row of the reliability report.
 */
public final class ChaosHarness implements AutoCloseable {

    /** How long the read models may take to converge after a fault was healed before the scenario fails. */
    public static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(180);
    private static final Duration CLIENTS_BOUND = Duration.ofSeconds(240);
    private static final String PG_HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final int PG_PORT = Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432"));

    private final TcpProxy commandDatabase;
    private final TcpProxy queryDatabase;
    private final Platform platform;
    private final String token = Tokens.user("chaos-owner");
    private final String admin = Tokens.platformAdmin("chaos-operator");
    private final Set<String> foreignRecords = new HashSet<>();
    private final List<LoadGenerator> loads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ChaosHarness(TcpProxy commandDatabase, TcpProxy queryDatabase, Platform platform) {
        this.commandDatabase = commandDatabase;
        this.queryDatabase = queryDatabase;
        this.platform = platform;
    }

    /** Starts the proxies and the platform with this many instances of each service, configured as shipped. */
    public static ChaosHarness start(int commandInstances, int queryInstances) {
        return start(commandInstances, queryInstances, new String[0]);
    }

    /** As {@link #start(int, int)}, the query side with these extra {@code --property=value} arguments. */
    public static ChaosHarness start(int commandInstances, int queryInstances, String... queryArguments) {
        TcpProxy commandDatabase = TcpProxy.to(PG_HOST, PG_PORT);
        TcpProxy queryDatabase = TcpProxy.to(PG_HOST, PG_PORT);
        try {
            Platform platform = Platform.start(Platform.Options.defaults().withCommandInstances(commandInstances)
                    .withQueryInstances(queryInstances).withCommandDatabaseAt(commandDatabase.address())
                    .withQueryDatabaseAt(queryDatabase.address()).withArguments(Service.QUERY, queryArguments));
            return new ChaosHarness(commandDatabase, queryDatabase, platform);
        } catch (RuntimeException | Error e) {
            commandDatabase.close();
            queryDatabase.close();
            throw e;
        }
    }

    /**
     * As {@link #start(int, int)}, but a killed or halted query-side instance keeps its partitions only until its
     * consumer session expires after 10 s, not Kafka's 45 s (the full suite measures those): for the short scenarios
     * that run with every infra/test.
     */
    public static ChaosHarness startWithShortSessions(int commandInstances, int queryInstances) {
        return start(commandInstances, queryInstances, "--spring.kafka.consumer.properties.session.timeout.ms=10000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=3000");
    }

    public Platform platform() {
        return platform;
    }

    /** Between every command-side instance and PostgreSQL. */
    public TcpProxy commandDatabase() {
        return commandDatabase;
    }

    /** Between every query-side instance and its read models. */
    public TcpProxy queryDatabase() {
        return queryDatabase;
    }

    public String adminToken() {
        return admin;
    }

    /** The bearer token of the chaos tenants' owner. */
    public String token() {
        return token;
    }

    /** A running command-side instance. */
    public Api anyCommand() {
        for (int i = 0; i < platform.instances(Service.COMMAND); i++) {
            if (platform.running(Service.COMMAND, i)) {
                return platform.command(i);
            }
        }
        throw new IllegalStateException("no command-side instance is running");
    }

    /** A running query-side instance. */
    public Api anyQuery() {
        return platform.query(queryInstance());
    }

    /** Every command-side instance, in order: clients go round them. */
    public List<Api> commandApis() {
        return IntStream.range(0, platform.instances(Service.COMMAND)).mapToObj(platform::command).toList();
    }

    /** {@code n} STARTER tenants of the chaos owner (room for a few admins, limits the load runs into). */
    public List<String> createTenants(String prefix, int n) {
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String slug = (prefix + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)).toLowerCase();
            AtomicReference<Api.Response> created = new AtomicReference<>();
            await("tenant " + slug + " created").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class).until(() -> {
                        created.set(anyCommand().post("/api/v1/tenants", token,
                                "{\"name\":\"%s\",\"slug\":\"%s\",\"plan\":\"STARTER\"}".formatted(slug, slug)));
                        return created.get().status() == 201;
                    });
            tenants.add(created.get().json().path("tenantId").asText());
        }
        return tenants;
    }

    /**
     * Starts clients on these tenants, going round the command-side instances that are running (a load balancer's
     * view: a killed instance gets no new requests once it is known dead; calls cut by the kill are retried elsewhere).
     */
    public LoadGenerator load(String run, List<String> tenants, int clients, double membershipShare, Duration pace) {
        List<Api> apis = commandApis();
        LoadGenerator load = LoadGenerator.start(new LoadGenerator.Config(run, clients, tenants, token, membershipShare,
                pace, run.hashCode()), () -> {
                    List<Api> running = IntStream.range(0, apis.size())
                            .filter(i -> platform.running(Service.COMMAND, i)).mapToObj(apis::get).toList();
                    return running.isEmpty() ? apis : running;
                });
        loads.add(load);
        return load;
    }

    /**
     * After a scenario, passed or failed: no load left running, no fault left in the proxies, every service instance
     * running and healthy, so the next scenario starts from a whole platform.
     */
    public void restore() {
        loads.forEach(LoadGenerator::close);
        loads.clear();
        commandDatabase.heal();
        queryDatabase.heal();
        for (Service service : Service.values()) {
            for (int i = 0; i < platform.instances(service); i++) {
                if (!platform.running(service, i)) {
                    platform.launch(service, i);
                }
            }
            for (int i = 0; i < platform.instances(service); i++) {
                platform.awaitHealthy(service, i);
            }
        }
    }

    /** Waits until the clients noticed a fault (or made progress): {@code condition} at most {@code bound}. */
    public static void awaitCondition(String what, Duration bound, BooleanSupplier condition) {
        await(what).atMost(bound).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    /** Waits until the clients got at least {@code n} more acknowledgements than {@code from}. */
    public static void awaitAcknowledged(LoadGenerator load, long from, long n, Duration bound) {
        awaitCondition(n + " more calls acknowledged", bound, () -> load.stats().acknowledged.get() >= from + n);
    }

    /** Waits until the clients had at least {@code n} more retries (they felt the fault). */
    public static void awaitRetries(LoadGenerator load, long n, Duration bound) {
        long from = load.stats().retries.get();
        awaitCondition(n + " more retries", bound, () -> load.stats().retries.get() >= from + n);
    }

    // ------------------------------------------------------------------------------------------------ convergence

    /**
     * Tenants whose read models (active generation) have not applied their last stored event, or hold parked events;
     * {@code except} are left out.
     */
    public Map<String, String> lagging(Set<String> except) {
        Map<String, Long> stored = new HashMap<>();
        try (Connection events = platform.connectToEventStore(); Statement statement = events.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT aggregate_identifier, max(sequence_number) FROM domain_event_entry GROUP BY aggregate_identifier")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            return Map.of("event store", "unreadable: " + e.getMessage());
        }
        Map<String, long[]> applied = new HashMap<>();
        try (Connection read = platform.connectToReadModels(); Statement statement = read.createStatement()) {
            statement.execute("SELECT set_config('app.platform_admin', 'on', false)");
            statement.execute("""
                    SELECT set_config('search_path', schema_name || ', public', false) FROM public.read_model_generation
                    WHERE active""");
            try (ResultSet rows = statement.executeQuery("SELECT tenant_id, last_sequence, parked FROM projection_stream")) {
                while (rows.next()) {
                    applied.put(rows.getString(1), new long[] {rows.getLong(2), rows.getBoolean(3) ? 1 : 0});
                }
            }
        } catch (SQLException e) {
            return Map.of("read models", "unreadable: " + e.getMessage());
        }
        Map<String, String> lagging = new HashMap<>();
        stored.forEach((tenant, last) -> {
            long[] at = applied.getOrDefault(tenant, new long[] {-1, 0});
            if (!except.contains(tenant) && (at[0] != last || at[1] == 1)) {
                lagging.put(tenant, "applied " + at[0] + (at[1] == 1 ? " (parked)" : "") + " of " + last);
            }
        });
        return lagging;
    }

    /** Waits until every tenant's read models show its last stored event; returns the time since {@code since}. */
    public Duration awaitConvergence(Instant since, Set<String> except) {
        AtomicReference<Map<String, String>> last = new AtomicReference<>();
        try {
            await("read models converged").atMost(CONVERGENCE_BOUND).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(lagging(except));
                        return last.get().isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("read models did not converge within " + CONVERGENCE_BOUND + ": "
                    + last.get().size() + " tenant(s) behind, e.g. " + last.get().entrySet().stream().limit(5).toList()
                    + "\n---- query side ----\n" + platform.logTail(Service.QUERY, 0, 40), e);
        }
        return Duration.between(since, Instant.now());
    }

    // ------------------------------------------------------------------------------------------ services' insides

    /** The command-side instances that hold segments of the Kafka publisher (Axon's owner is "pid@host"). */
    public List<Integer> publisherOwners() {
        Set<Long> owners = new HashSet<>();
        try (Connection events = platform.connectToEventStore(); Statement statement = events.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT DISTINCT owner FROM token_entry WHERE processor_name = 'kafka-publisher' AND owner IS NOT NULL")) {
            while (rows.next()) {
                String owner = rows.getString(1);
                owners.add(Long.parseLong(owner.substring(0, owner.indexOf('@'))));
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("cannot read the publisher's tokens", e);
        }
        List<Integer> instances = new ArrayList<>();
        for (int i = 0; i < platform.instances(Service.COMMAND); i++) {
            if (platform.running(Service.COMMAND, i) && owners.contains(platform.pid(Service.COMMAND, i))) {
                instances.add(i);
            }
        }
        return instances;
    }

    /** A counter of a service instance's {@code /actuator/prometheus}, summed over the series matching {@code labels}. */
    public double metric(Service service, int instance, String name, String labels) {
        return (service == Service.COMMAND ? platform.command(instance) : platform.query(instance)).metric(name, labels);
    }

    /** Heap in use (MB) of each running instance of a service, from its /actuator/prometheus. */
    public List<Long> heapOf(Service service) {
        List<Long> heaps = new ArrayList<>();
        for (int i = 0; i < platform.instances(service); i++) {
            if (platform.running(service, i)) {
                try {
                    heaps.add(Math.round(metric(service, i, "jvm_memory_used_bytes", "area=\"heap\"") / 1_048_576));
                } catch (UncheckedIOException e) {
                    heaps.add(-1L); // not answering
                }
            }
        }
        return heaps;
    }

    /** Events applied by a tenant's read models so far (the projection's own counter, -1 when none). */
    public long appliedSequence(String tenant) {
        try (Connection read = platform.connectToReadModels(); Statement statement = read.createStatement()) {
            statement.execute("SELECT set_config('app.platform_admin', 'on', false)");
            statement.execute("""
                    SELECT set_config('search_path', schema_name || ', public', false) FROM public.read_model_generation
                    WHERE active""");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT last_sequence FROM projection_stream WHERE tenant_id = '" + UUID.fromString(tenant) + "'")) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of every tenant's applied sequence numbers: moves while the projections catch up. */
    public long appliedTotal() {
        try (Connection read = platform.connectToReadModels(); Statement statement = read.createStatement()) {
            statement.execute("SELECT set_config('app.platform_admin', 'on', false)");
            statement.execute("""
                    SELECT set_config('search_path', schema_name || ', public', false) FROM public.read_model_generation
                    WHERE active""");
            try (ResultSet rows = statement.executeQuery("SELECT coalesce(sum(last_sequence + 1), 0) FROM projection_stream")) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The active read-model schema (read_blue or read_green). */
    public String activeGeneration() {
        try (Connection read = platform.connectToReadModels(); Statement statement = read.createStatement();
             ResultSet rows = statement.executeQuery("SELECT schema_name FROM public.read_model_generation WHERE active")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs SQL on the read-model database as its owner (an operator's or a defect's hand on the read models). */
    public void onReadModels(String sql) {
        try (Connection read = platform.connectToReadModels(); Statement statement = read.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The last stored sequence number of a tenant. */
    public long storedSequence(String tenant) {
        try (Connection events = platform.connectToEventStore(); Statement statement = events.createStatement();
             ResultSet rows = statement.executeQuery("SELECT coalesce(max(sequence_number), -1) FROM domain_event_entry "
                     + "WHERE aggregate_identifier = '" + UUID.fromString(tenant) + "'")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Produces a record onto the platform's topic as a foreign or broken producer would: the tenant's key, the given
     * headers (name, value, …) and value. It is remembered (by its {@code ce_id} and by partition@offset) as a foreign
     * record the invariant checker tolerates on the topic.
     */
    public void produce(String tenant, byte[] value, String... headers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "chaos-poison"), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(platform.topic(), tenant, value);
            for (int i = 0; i < headers.length; i += 2) {
                record.headers().add(new RecordHeader(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8)));
                if (headers[i].equals("ce_id")) {
                    foreignRecords.add(headers[i + 1]);
                }
            }
            var written = producer.send(record).get(30, TimeUnit.SECONDS);
            foreignRecords.add(written.partition() + "@" + written.offset());
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce onto " + platform.topic(), e);
        }
    }

    /** Stored events whose payload names {@code text} (diagnostics of a lost change): sequence, type, time. */
    public List<String> eventsNaming(String text) {
        List<String> found = new ArrayList<>();
        try (Connection events = platform.connectToEventStore();
             var statement = events.prepareStatement("""
                     SELECT aggregate_identifier, sequence_number, payload_type, time_stamp FROM domain_event_entry
                     WHERE position(? in convert_from(payload, 'UTF8')) > 0 ORDER BY global_index""")) {
            statement.setString(1, text);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1) + "@" + rows.getLong(2) + " " + rows.getString(3) + " " + rows.getString(4));
                }
            }
        } catch (SQLException e) {
            found.add("unreadable: " + e.getMessage());
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------------------- checking

    /** The invariant checker over everything this run stored, with the platform's own audit. */
    public InvariantChecker.Report check() {
        return InvariantChecker.eventStore(platform.eventStoreUrl(), Platform.ownerRole(), Platform.ownerRole())
                .readModels(platform.readModelsUrl(), Platform.ownerRole(), Platform.ownerRole())
                .topic(platform.bootstrap(), platform.topic())
                .queryApi("http://127.0.0.1:" + queryPort(), admin)
                .requireKeyedUsage(true)
                .tolerateForeignRecords(foreignRecords)
                .check();
    }

    private int queryPort() {
        return platform.query(queryInstance()).port();
    }

    private int queryInstance() {
        for (int i = 0; i < platform.instances(Service.QUERY); i++) {
            if (platform.running(Service.QUERY, i)) {
                return i;
            }
        }
        throw new IllegalStateException("no query-side instance is running");
    }

    /**
     * Ends a scenario: the clients stop issuing calls and finish (retrying) the ones in flight, the read models must
     * converge, then the invariants are checked. {@code healed}: when the last fault was healed.
     */
    public Reliability.Row finish(String scenario, int faults, LoadGenerator load, Instant healed, List<String> notes) {
        boolean answered = load.stopAndAwait(CLIENTS_BOUND);
        Duration converged = awaitConvergence(healed, Set.of());
        InvariantChecker.Report report = check();
        List<String> lost = load.ledger().lostIn(report);
        LoadGenerator.Stats stats = load.stats();
        load.close();
        loads.remove(load);
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.add("command-side heap in use at the end: " + heapOf(Service.COMMAND));
        allNotes.add("retries " + stats.retries.get() + " " + new java.util.TreeMap<>(stats.retriedBecause) + ", answered from a stored receipt "
                + stats.replayed.get() + ", topic repeats " + report.figure("records repeated on the topic (at-least-once)"));
        if (!answered) {
            allNotes.add("clients still retrying at the bound of " + CLIENTS_BOUND);
        }
        Reliability.Row row = new Reliability.Row(scenario, faults, stats.requests.get(), stats.acknowledged.get(),
                stats.refused.get(), lost.size() + report.count(InvariantChecker.Category.LOST),
                report.count(InvariantChecker.Category.DUPLICATE), report.count(InvariantChecker.Category.OVERRUN),
                report.count(InvariantChecker.Category.DIVERGED) + report.count(InvariantChecker.Category.BROKEN),
                converged, stats.gaveUp.get(), List.copyOf(stats.unexpected), allNotes, report, lost);
        lost.stream().filter(l -> l.startsWith("member ")).limit(3).forEach(l -> {
            String user = l.split(" ")[1];
            System.out.println("store events naming " + user + ": " + eventsNaming(user));
        });
        System.out.println("==== " + scenario + ": " + stats + "\n" + report.summary(30)
                + (lost.isEmpty() ? "" : "client ledger: " + lost.size() + " lost, e.g. " + lost.stream().limit(10).toList() + "\n")
                + "converged " + converged.toMillis() + " ms after the last fault was healed");
        return row;
    }

    @Override
    public void close() {
        try {
            platform.close();
        } finally {
            commandDatabase.close();
            queryDatabase.close();
        }
    }
}
