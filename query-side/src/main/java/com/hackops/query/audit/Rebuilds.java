package com.hackops.query.audit;

import com.hackops.events.usage.UsageTracked;
import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.Projector;
import com.hackops.query.projection.TenantEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Rebuilds the read models from the event store with zero downtime: the inactive generation (schema) is emptied and
 * refilled by replaying every tenant's events through the same projections, in passes, while the active generation
 * keeps serving reads and live projections. When a pass finds little left, the switch transaction locks the
 * generation choice (waiting for the live projections' current batches), replays the last events and makes the
 * rebuilt generation active. Live Kafka records then meet the new generation: what it already has is a duplicate,
 * the rest applies in order. A rebuild only writes read models: it publishes nothing and notifies no one.
 * <p>
 * If an event cannot be applied, the rebuild stops with that error and the active generation stays as it was.
 */
@Component
public class Rebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    /**
     * Usage changes per transaction (an event counts as the changes it carries, at least 1): ten of the largest
     * batches. With one batch per transaction a replayer waited on its commits for two fifths of its time (the WAL
     * flushed per batch); ten per commit took a benchmark store's rebuild from 19,000 to 31,000 events/s
     * (BENCHMARKS.md). What a replayer holds decoded stays small: its chunk and two chunks' worth read ahead.
     */
    private static final int CHUNK = 10 * UsageTracked.MAX_CHANGES;
    /** Usage changes a replayer's reading may be ahead of it (a batch of more than that counts as that). */
    private static final int AHEAD = 2 * CHUNK;
    private static final int SWITCH_BELOW = 200;
    /** The advisory lock a rebuild holds in the read database ("rebuild" in ASCII), one rebuild across all nodes. */
    static final long CLAIM = 0x7265_6275_696c_64L;
    static final String CLAIM_APPLICATION = "hackops-rebuild-claim";
    private static final int MAX_PASSES = 20;
    private static final List<String> TABLES = List.of("tenant_summary", "tenant_member", "tenant_usage", "usage_hourly",
            "plan_history", "usage_alert", "projection_stream", "parked_event");

    private final EventStoreReader events;
    private final Projector projector;
    private final TenantContext context;
    private final JdbcTemplate jdbc;
    private final DataSourceProperties database;
    private final TransactionTemplate transaction;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "read-model-rebuild"));
    private final int replayers;
    private final ExecutorService replaying;
    private final ExecutorService reading;
    private volatile Job current;

    Rebuilds(EventStoreReader events, Projector projector, TenantContext context, JdbcTemplate jdbc,
             DataSourceProperties database, PlatformTransactionManager transactions,
             @Value("${hackops.rebuild.replayers:2}") int replayers) {
        if (replayers < 1) {
            throw new IllegalArgumentException("hackops.rebuild.replayers must be at least 1, not " + replayers);
        }
        this.replayers = replayers;
        AtomicInteger threads = new AtomicInteger();
        this.replaying = Executors.newFixedThreadPool(replayers,
                r -> new Thread(r, "read-model-replay-" + threads.incrementAndGet()));
        AtomicInteger readers = new AtomicInteger();
        this.reading = Executors.newFixedThreadPool(replayers,
                r -> new Thread(r, "read-model-replay-read-" + readers.incrementAndGet()));
        this.events = events;
        this.projector = projector;
        this.context = context;
        this.jdbc = jdbc;
        this.database = database;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Progress of a rebuild: events replayed of the store's total, rate, estimated time left. */
    public static final class Job {
        private final UUID id = UUID.randomUUID();
        private final String startedBy;
        private final Instant startedAt = Instant.now();
        private volatile String target;
        private volatile String phase = "STARTING";
        private volatile long total;
        private final AtomicLong done = new AtomicLong();
        private volatile int passes;
        private volatile Instant finishedAt;
        private volatile String error;

        Job(String startedBy) {
            this.startedBy = startedBy;
        }

        /** Ended: {@code finishedAt} first, so a caller who sees DONE or FAILED can start the next one. */
        private void end() {
            finishedAt = Instant.now();
            phase = error == null ? "DONE" : "FAILED";
        }

        public UUID getId() { return id; }
        public String getStartedBy() { return startedBy; }
        public Instant getStartedAt() { return startedAt; }
        public Instant getFinishedAt() { return finishedAt; }
        public String getTarget() { return target; }
        public String getPhase() { return phase; }
        public long getEventsTotal() { return total; }
        public long getEventsDone() { return done.get(); }
        public int getPasses() { return passes; }
        public String getError() { return error; }

        public double getEventsPerSecond() {
            double seconds = Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now()).toMillis() / 1000.0;
            return seconds <= 0 ? 0 : Math.round(done.get() / seconds * 10) / 10.0;
        }

        public Long getEtaSeconds() {
            double rate = getEventsPerSecond();
            return finishedAt != null ? Long.valueOf(0) : rate <= 0 ? null : (long) Math.ceil(Math.max(0, total - done.get()) / rate);
        }
    }

    /** A rebuild is running on another node of this read database. */
    public static final class RunningElsewhere extends RuntimeException {
        RunningElsewhere() {
            super("A read-model rebuild is running on another query-side node; its progress is on that node.");
        }
    }

    /**
     * Starts a rebuild unless one is running: on this node, its job is answered; on another node of the same read
     * database, {@link RunningElsewhere}. Two rebuilds at once would both empty and fill the one inactive generation,
     * and the first to switch could make it active while the other had just emptied it. The claim is a session-level
     * advisory lock held for the whole rebuild on a connection of its own, outside the pool (application name
     * {@value #CLAIM_APPLICATION}): closing it, or the session ending for any reason, lets go of the lock. The switch
     * checks on that connection that the lock is still held, so a rebuild whose claim was lost never switches.
     */
    public synchronized Job start(String operator) {
        if (current != null && current.finishedAt == null) {
            return current;
        }
        Connection claim = claim();
        Job job = new Job(operator);
        try {
            worker.submit(() -> {
                try {
                    run(job, claim);
                } finally {
                    // let go before the job is seen ended: a rebuild asked for after its DONE finds the lock free
                    release(claim);
                    job.end();
                }
            });
        } catch (RuntimeException e) {
            release(claim);
            throw e;
        }
        current = job;
        log.info("{} started read-model rebuild {}", operator, job.id);
        return job;
    }

    private Connection claim() {
        Properties settings = new Properties();
        settings.setProperty("user", Objects.requireNonNullElse(database.determineUsername(), ""));
        settings.setProperty("password", Objects.requireNonNullElse(database.determinePassword(), ""));
        settings.setProperty("ApplicationName", CLAIM_APPLICATION);
        // idle for the whole rebuild: keepalives keep middleboxes from dropping it meanwhile
        settings.setProperty("tcpKeepAlive", "true");
        try {
            Connection connection = DriverManager.getConnection(database.determineUrl(), settings);
            boolean claimed = false;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, CLAIM);
                try (ResultSet result = lock.executeQuery()) {
                    claimed = result.next() && result.getBoolean(1);
                }
            } finally {
                if (!claimed) {
                    connection.close();
                }
            }
            if (!claimed) {
                throw new RunningElsewhere();
            }
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim the read-model rebuild: " + e.getMessage(), e);
        }
    }

    /** Fails unless the claim's session still holds the lock: it has held it since the start, nobody else can have. */
    private static void requireClaim(Connection claim) {
        try (PreparedStatement held = claim.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                               AND objsubid = 1 AND classid::bigint * 4294967296 + objid::bigint = ?)""")) {
            held.setLong(1, CLAIM);
            try (ResultSet result = held.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    return;
                }
            }
            throw new IllegalStateException("the rebuild's claim was lost; another node may be rebuilding the same generation");
        } catch (SQLException e) {
            throw new IllegalStateException("the rebuild's claim was lost (" + e.getMessage()
                    + "); another node may be rebuilding the same generation", e);
        }
    }

    /** Unlocks and closes; closing alone would let go too, since the connection is not pooled. */
    private static void release(Connection claim) {
        try (claim; PreparedStatement unlock = claim.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, CLAIM);
            try (ResultSet unlocked = unlock.executeQuery()) {
                if (!unlocked.next() || !unlocked.getBoolean(1)) {
                    log.error("the read-model rebuild's claim had been lost before it ended");
                }
            }
        } catch (SQLException e) {
            log.warn("releasing the read-model rebuild's claim failed; it ended with its session: {}", e.getMessage());
        }
    }

    /** The running rebuild, or the last one that ran. */
    public Optional<Job> latest() {
        return Optional.ofNullable(current);
    }

    public Optional<Job> find(UUID id) {
        Job job = current;
        return job != null && job.id.equals(id) ? Optional.of(job) : Optional.empty();
    }

    private void run(Job job, Connection claim) {
        try {
            job.target = jdbc.queryForObject("SELECT schema_name FROM read_model_generation WHERE NOT active", String.class);
            job.phase = "EMPTYING";
            transaction.executeWithoutResult(status -> {
                context.useGeneration(job.target);
                jdbc.execute("TRUNCATE " + String.join(", ", TABLES));
            });
            job.total = events.count();
            job.phase = "REPLAYING";
            Map<UUID, Long> applied = new ConcurrentHashMap<>();
            long replayed;
            do {
                job.passes++;
                replayed = parallelPass(job, applied);
                job.total = Math.max(job.total, job.done.get() + replayed);
            } while (replayed >= SWITCH_BELOW && job.passes < MAX_PASSES);
            job.phase = "SWITCHING";
            transaction.executeWithoutResult(status -> {
                jdbc.queryForList("SELECT schema_name FROM read_model_generation FOR UPDATE");
                requireClaim(claim);
                context.useGeneration(job.target);
                pass(job, applied, new ConcurrentLinkedQueue<>(tenantsBehind(applied)), new AtomicBoolean());
                jdbc.update("UPDATE read_model_generation SET active = false");
                jdbc.update("UPDATE read_model_generation SET active = true, built_at = now(), events = ? WHERE schema_name = ?",
                        job.done.get(), job.target);
            });
            job.total = job.done.get();
            log.info("read-model rebuild {} done: {} events into {} in {} passes", job.id, job.done.get(), job.target, job.passes);
        } catch (RuntimeException | Error e) {
            job.error = Objects.requireNonNullElse(e.getMessage(), e.toString());
            log.error("read-model rebuild {} failed; the active generation is unchanged", job.id, e);
        }
    }

    /**
     * A pass outside the switch: the tenants behind are dealt out to the replayers ({@code hackops.rebuild.replayers},
     * 2 by default; tenants are independent, each is replayed by one replayer in order), so that one replayer's round
     * trips to both databases overlap another's work. They are dealt one at a time as the replayers' readings ask,
     * those with the most events left first: a replayer held up by a large tenant takes no more while the others go on
     * with the rest. Dealt out in turn beforehand, the replayer without a benchmark store's hot tenant finished early
     * and then sat idle (31,000 against 36,000 events/s, BENCHMARKS.md). The first failure stops the others and fails
     * the rebuild.
     */
    private long parallelPass(Job job, Map<UUID, Long> applied) {
        List<UUID> behind = tenantsBehind(applied);
        AtomicBoolean failed = new AtomicBoolean();
        int count = Math.min(replayers, behind.size());
        Queue<UUID> deal = new ConcurrentLinkedQueue<>(behind);
        if (count < 2) {
            return pass(job, applied, deal, failed);
        }
        List<Future<Long>> replayed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            replayed.add(replaying.submit(() -> {
                try {
                    return pass(job, applied, deal, failed);
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            }));
        }
        long total = 0;
        RuntimeException first = null;
        for (Future<Long> share : replayed) {
            try {
                total += share.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(e.getCause());
                first = first == null ? cause : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                throw new IllegalStateException("rebuild interrupted", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return total;
    }

    /**
     * Tenants whose last stored event is after the last one applied, those with the most events left first (a large
     * tenant dealt last would keep one replayer busy after the others ran out of tenants).
     */
    private List<UUID> tenantsBehind(Map<UUID, Long> applied) {
        ToLongFunction<Map.Entry<UUID, Long>> left = tenant -> tenant.getValue() - applied.getOrDefault(tenant.getKey(), -1L);
        return events.lastSequences().entrySet().stream()
                .filter(tenant -> left.applyAsLong(tenant) > 0)
                .sorted(Comparator.comparingLong(left).reversed())
                .map(Map.Entry::getKey).toList();
    }

    /**
     * Replays, for each tenant it takes from {@code tenants} (a queue the other replayers of the pass take from too, so
     * each tenant is taken once), the events after those already applied; returns how many it applied. The
     * events of several tenants go into one transaction of about {@value #CHUNK} usage changes (one commit for many
     * small tenants); a tenant with more is split into chunks of that size. Counting changes, not events, bounds what a
     * chunk holds decoded: a usage batch carries up to {@link UsageTracked#MAX_CHANGES} changes, and 1,000 such
     * events were a million objects.
     */
    private long pass(Job job, Map<UUID, Long> applied, Queue<UUID> tenants, AtomicBoolean stop) {
        Chunk chunk = new Chunk(job, applied);
        // the events are read and decoded on a thread of their own while the ones before are applied: a large tenant
        // is replayed by one replayer in order (S3's hot tenant was nearly all of a benchmark store), and reading with
        // decoding was a third of that replayer's work; at most two chunks' worth wait decoded
        ReadAhead<Pending> readAhead = new ReadAhead<>(AHEAD, pending -> Math.min(AHEAD, weight(pending.event())));
        try (ReadAhead<Pending> ahead = readAhead.start(reading, sink -> {
            for (UUID tenant; !stop.get() && (tenant = tenants.poll()) != null; ) {
                read(tenant, applied.getOrDefault(tenant, -1L), sink);
            }
        })) {
            for (Pending pending = ahead.take(); pending != null && !stop.get(); pending = ahead.take()) {
                chunk.add(pending.tenant(), pending.event());
            }
            if (!stop.get()) {
                chunk.apply();
            }
            return chunk.applied;
        }
    }

    private void read(UUID tenant, long afterSequence, Consumer<Pending> sink) {
        events.forEach(tenant, afterSequence, Long.MAX_VALUE, Instant.MAX, event -> sink.accept(new Pending(tenant, event)));
    }

    /** How much of a chunk an event is: the usage changes it carries, at least 1. */
    private static int weight(StoredEvent event) {
        return event.payload() instanceof UsageTracked usage ? Math.max(1, usage.changes().size()) : 1;
    }

    /** An event read ahead for a replayer, with its tenant. */
    private record Pending(UUID tenant, StoredEvent event) {
    }

    /** Events of one or more tenants, each tenant's in order, applied together in one transaction. */
    private final class Chunk {
        private final Job job;
        private final Map<UUID, Long> appliedUpTo;
        private final Map<UUID, List<TenantEvent>> runs = new LinkedHashMap<>();
        private int size;
        private int weight;
        private long applied;

        Chunk(Job job, Map<UUID, Long> appliedUpTo) {
            this.job = job;
            this.appliedUpTo = appliedUpTo;
        }

        void add(UUID tenantId, StoredEvent event) {
            runs.computeIfAbsent(tenantId, id -> new ArrayList<>()).add(new TenantEvent(tenantId, event.sequence(),
                    event.position(), event.eventId(), event.type(), event.recordedAt(), event.payload()));
            size++;
            weight += weight(event);
            if (weight >= CHUNK) {
                apply();
            }
        }

        void apply() {
            if (size == 0) {
                return;
            }
            transaction.executeWithoutResult(status -> {
                context.useGeneration(job.target);
                // each tenant's events as one run; the runs of usage reports of all the chunk's tenants in one statement
                projector.applyRuns(List.copyOf(runs.values()));
            });
            runs.forEach((tenantId, run) -> appliedUpTo.put(tenantId, run.get(run.size() - 1).sequence()));
            job.done.addAndGet(size);
            applied += size;
            runs.clear();
            size = 0;
            weight = 0;
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        replaying.shutdownNow();
        reading.shutdownNow();
    }
}
