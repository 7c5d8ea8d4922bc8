package com.hackops.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.hackops.e2e.support.Api;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Clients of the command API under faults, behaving as real ones do: each reports usage with an {@code Idempotency-Key}
 * (single calls and batches, increments and decrements, so tenants run into their limits and back) and manages
 * members, and retries whatever got no answer or a 5xx/429 with the very same request (same key) after a back-off,
 * on the next command-side instance if there are several (as a load balancer would), until it gets an answer.
 * <p>
 * Each client is a chain of steps on a scheduler (one thread per client): a step sends one request; a retry is the
 * same step scheduled after its back-off. Every client owns its members' user ids, so what each member should be at
 * the end follows from the client's acknowledged calls alone ({@link Ledger}).
 */
public final class LoadGenerator implements AutoCloseable {

    private static final String TENANTS = "/api/v1/tenants/";
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(240);

    /** What the clients do. {@code pace}: pause between two operations of one client. */
    public record Config(String run, int clients, List<String> tenants, String token, double membershipShare,
                         Duration pace, long seed) {
    }

    /** Counters of one run. */
    public static final class Stats {
        public final AtomicLong operations = new AtomicLong();
        public final AtomicLong requests = new AtomicLong();
        public final AtomicLong acknowledged = new AtomicLong();
        public final AtomicLong refused = new AtomicLong();
        public final AtomicLong retries = new AtomicLong();
        public final AtomicLong replayed = new AtomicLong();
        public final AtomicLong gaveUp = new AtomicLong();
        /** clients waiting for an answer right now */
        public final AtomicLong inFlight = new AtomicLong();
        public final Map<String, AtomicLong> retriedBecause = new ConcurrentHashMap<>();
        public final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

        @Override
        public String toString() {
            return "operations %d, requests %d, acknowledged %d, refused %d, retries %d (%s), replayed %d, gave up %d, unexpected %d"
                    .formatted(operations.get(), requests.get(), acknowledged.get(), refused.get(), retries.get(),
                            new TreeMap<>(retriedBecause), replayed.get(), gaveUp.get(), unexpected.size());
        }
    }

    /** An acknowledged usage call: its key, and whether the answer was a stored one ({@code Idempotent-Replayed}). */
    public record AckedUsage(String tenant, String key, boolean incremented, long version, boolean replayed,
                             List<String> attempts) {
    }

    /** What the clients know for sure at the end: acknowledged usage keys and each member's expected role. */
    public static final class Ledger {
        final ConcurrentLinkedQueue<AckedUsage> usage = new ConcurrentLinkedQueue<>();
        /** tenant → user → role ({@code ""}: removed); users whose last call got no answer in the end are left out */
        final Map<String, Map<String, String>> members = new ConcurrentHashMap<>();
        /** user → the calls made for it: kind, then each attempt as instance port and status */
        final Map<String, List<String>> trace = new ConcurrentHashMap<>();

        public List<AckedUsage> usage() {
            return List.copyOf(usage);
        }

        public Map<String, Map<String, String>> members() {
            return Collections.unmodifiableMap(members);
        }

        /** Everything acknowledged that the store does not hold as acknowledged: each entry is one lost change. */
        public List<String> lostIn(InvariantChecker.Report report) {
            List<String> lost = new ArrayList<>();
            for (AckedUsage acked : usage) {
                InvariantChecker.KeyRecord recorded = report.key(acked.tenant(), acked.key());
                if (recorded == null) {
                    lost.add("acknowledged usage key " + acked.key() + " of " + acked.tenant() + " is not recorded; answers "
                            + acked.attempts());
                } else if (acked.incremented() && recorded.eventSequence() < 0) {
                    lost.add("acknowledged increment " + acked.key() + " of " + acked.tenant() + " has no UsageTracked");
                }
            }
            members.forEach((tenant, users) -> {
                Map<String, String> stored = report.members(tenant);
                users.forEach((user, role) -> {
                    String expected = role.isEmpty() ? null : role;
                    if (!Objects.equals(expected, stored.get(user))) {
                        lost.add("member " + user + " of " + tenant + " should be " + (expected == null ? "gone" : expected)
                                + " but the store says " + stored.get(user) + "; calls: " + trace.get(user));
                    }
                });
            });
            return lost;
        }
    }

    private final Config config;
    private final Supplier<List<Api>> endpoints;
    private final ScheduledExecutorService scheduler;
    private final Stats stats = new Stats();
    private final Ledger ledger = new Ledger();
    private final CountDownLatch finished;
    private volatile boolean stopping;

    private LoadGenerator(Config config, Supplier<List<Api>> endpoints) {
        this.config = config;
        this.endpoints = endpoints;
        this.scheduler = Executors.newScheduledThreadPool(config.clients(), runnable -> {
            Thread thread = new Thread(runnable, "load-" + config.run());
            thread.setDaemon(true);
            return thread;
        });
        this.finished = new CountDownLatch(config.clients());
        config.tenants().forEach(tenant -> ledger.members.put(tenant, new ConcurrentHashMap<>()));
    }

    /** Starts the clients at once; they run until {@link #stop()}. */
    public static LoadGenerator start(Config config, Supplier<List<Api>> endpoints) {
        LoadGenerator load = new LoadGenerator(config, endpoints);
        for (int i = 0; i < config.clients(); i++) {
            Client client = load.new Client(i);
            load.scheduler.execute(client::step);
        }
        return load;
    }

    public Stats stats() {
        return stats;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** No new operations; the ones in flight go on being retried until answered. */
    public void stop() {
        stopping = true;
    }

    /** Stops and waits until every client has its last operation answered; false at the bound. */
    public boolean stopAndAwait(Duration bound) {
        stop();
        try {
            return finished.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
        scheduler.shutdownNow();
    }

    private enum Kind { TRACK, BATCH, ADD_MEMBER, CHANGE_ROLE, REMOVE_MEMBER }

    /** One logical call, sent again as is until it is answered; {@code attempts}: port and status of each try. */
    private record Operation(Kind kind, String tenant, String method, String path, String body, String key, String user,
                             String role, Instant started, List<String> attempts) {

        Operation(Kind kind, String tenant, String method, String path, String body, String key, String user, String role,
                  Instant started) {
            this(kind, tenant, method, path, body, key, user, role, started, new ArrayList<>());
        }
    }

    private enum Verdict { DONE, RETRY }

    private final class Client {

        private final int id;
        private final Random random;
        /** tenant → user → role, for this client's own users (only what was acknowledged) */
        private final Map<String, Map<String, String>> users = new HashMap<>();
        private Operation current;
        private int attempts;
        private long counter;

        Client(int id) {
            this.id = id;
            this.random = new Random(config.seed() * 31 + id);
        }

        void step() {
            try {
                if (current == null) {
                    if (stopping) {
                        finished.countDown();
                        return;
                    }
                    current = next();
                    attempts = 0;
                    stats.operations.incrementAndGet();
                }
                attempts++;
                Verdict verdict = send(current);
                if (verdict == Verdict.DONE) {
                    current = null;
                    scheduler.schedule(this::step, config.pace().toMillis(), TimeUnit.MILLISECONDS);
                } else if (Duration.between(current.started(), Instant.now()).compareTo(GIVE_UP_AFTER) > 0) {
                    stats.gaveUp.incrementAndGet();
                    if (current.user() != null) {
                        ledger.members.get(current.tenant()).remove(current.user()); // outcome unknown: not checked
                        users.get(current.tenant()).remove(current.user());
                    }
                    current = null;
                    scheduler.execute(this::step);
                } else {
                    stats.retries.incrementAndGet();
                    long backoff = Math.min(1_000, 50L << Math.min(attempts - 1, 5)) + random.nextInt(50);
                    scheduler.schedule(this::step, backoff, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                stats.unexpected.add("client " + id + ": " + e);
                current = null;
                finished.countDown();
            }
        }

        private Operation next() {
            String tenant = config.tenants().get(random.nextInt(config.tenants().size()));
            Map<String, String> mine = users.computeIfAbsent(tenant, t -> new HashMap<>());
            String key = config.run() + "-c" + id + "-" + (counter++);
            Instant now = Instant.now();
            if (random.nextDouble() < config.membershipShare()) {
                if (mine.isEmpty() || random.nextInt(3) == 0) {
                    String user = config.run() + "-c" + id + "-u" + counter;
                    String role = random.nextInt(3) == 0 ? "ADMIN" : "MEMBER";
                    return new Operation(Kind.ADD_MEMBER, tenant, "POST", TENANTS + tenant + "/members",
                            "{\"userId\":\"%s\",\"email\":\"%s@example.com\",\"role\":\"%s\"}".formatted(user, user, role),
                            null, user, role, now);
                }
                List<String> names = new ArrayList<>(mine.keySet());
                Collections.sort(names);
                String user = names.get(random.nextInt(names.size()));
                if (random.nextBoolean()) {
                    String role = mine.get(user).equals("ADMIN") ? "MEMBER" : "ADMIN";
                    return new Operation(Kind.CHANGE_ROLE, tenant, "PUT", TENANTS + tenant + "/members/" + user,
                            "{\"role\":\"" + role + "\"}", null, user, role, now);
                }
                return new Operation(Kind.REMOVE_MEMBER, tenant, "DELETE", TENANTS + tenant + "/members/" + user, null,
                        null, user, null, now);
            }
            if (random.nextInt(5) == 0) {
                List<String> items = new ArrayList<>();
                for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
                    items.add(item());
                }
                return new Operation(Kind.BATCH, tenant, "POST", TENANTS + tenant + "/usage/batch",
                        "{\"items\":[" + String.join(",", items) + "]}", key, null, null, now);
            }
            return new Operation(Kind.TRACK, tenant, "POST", TENANTS + tenant + "/usage", item(), key, null, null, now);
        }

        /** PARTICIPANTS mostly up, EVENTS (5 on STARTER) against its limit, STORAGE_BYTES in large steps. */
        private String item() {
            int pick = random.nextInt(20);
            String metric;
            long delta;
            if (pick < 12) {
                metric = "PARTICIPANTS";
                delta = random.nextInt(10) < 7 ? 1 + random.nextInt(5) : -(1 + random.nextInt(5));
            } else if (pick < 17) {
                metric = "EVENTS";
                delta = random.nextInt(10) < 6 ? 1 : -1;
            } else {
                metric = "STORAGE_BYTES";
                long step = (1 + random.nextInt(5)) * 100_000_000L;
                delta = random.nextInt(10) < 6 ? step : -step;
            }
            return "{\"metric\":\"%s\",\"delta\":%d}".formatted(metric, delta);
        }

        private Verdict send(Operation op) {
            List<Api> apis = endpoints.get();
            Api api = apis.get((id + attempts - 1) % apis.size());
            stats.requests.incrementAndGet();
            Api.Response answer;
            stats.inFlight.incrementAndGet();
            try {
                answer = op.key() == null ? api.send(op.method(), op.path(), config.token(), op.body())
                        : api.send(op.method(), op.path(), config.token(), op.body(), "Idempotency-Key", op.key());
            } catch (UncheckedIOException unreachable) {
                op.attempts().add(api.port() + ":none");
                retriedBecause("no answer");
                return Verdict.RETRY;
            } finally {
                stats.inFlight.decrementAndGet();
            }
            int status = answer.status();
            op.attempts().add(api.port() + ":" + status + (status == 200 || status == 201
                    ? " " + answer.body().substring(0, Math.min(80, answer.body().length())) + " cid " + answer.header("X-Correlation-Id") : ""));
            if (op.user() != null) {
                ledger.trace.computeIfAbsent(op.user(), u -> new java.util.concurrent.CopyOnWriteArrayList<>());
            }
            if (status >= 500 || status == 429) {
                retriedBecause(Integer.toString(status));
                return Verdict.RETRY;
            }
            if (op.user() != null && (status < 500 && status != 429)) {
                ledger.trace.get(op.user()).add(op.kind() + " " + op.attempts());
            }
            return switch (op.kind()) {
                case TRACK, BATCH -> usageAnswered(op, answer);
                case ADD_MEMBER, CHANGE_ROLE -> roleAnswered(op, answer);
                case REMOVE_MEMBER -> removalAnswered(op, answer);
            };
        }

        private Verdict usageAnswered(Operation op, Api.Response answer) {
            if (answer.status() == 200) {
                JsonNode body = answer.json();
                boolean incremented = false;
                if (op.kind() == Kind.TRACK) {
                    incremented = Api.parse(op.body()).path("delta").asLong() > 0; // a 200 accepted it
                } else {
                    for (JsonNode item : body.path("items")) {
                        incremented |= item.path("accepted").asBoolean() && item.path("delta").asLong() > 0;
                    }
                }
                boolean replayed = "true".equals(answer.header("Idempotent-Replayed"));
                if (replayed) {
                    stats.replayed.incrementAndGet();
                }
                ledger.usage.add(new AckedUsage(op.tenant(), op.key(), incremented, body.path("version").asLong(), replayed,
                        List.copyOf(op.attempts())));
                stats.acknowledged.incrementAndGet();
                return Verdict.DONE;
            }
            if (answer.isProblem(409, "limit-exceeded")) {
                stats.refused.incrementAndGet();
                return Verdict.DONE;
            }
            stats.unexpected.add(answer.toString());
            return Verdict.DONE;
        }

        private Verdict roleAnswered(Operation op, Api.Response answer) {
            if (answer.status() == 200 || answer.status() == 201) {
                acknowledge(op, op.role());
                return Verdict.DONE;
            }
            if (answer.isProblem(409, "limit-exceeded")) {
                stats.refused.incrementAndGet();
                return Verdict.DONE;
            }
            stats.unexpected.add(answer.toString());
            return Verdict.DONE;
        }

        private Verdict removalAnswered(Operation op, Api.Response answer) {
            if (answer.status() == 200 || attempts > 1 && answer.isProblem(404, "member-not-found")) {
                // a 404 after a try that got no answer: that try removed the member
                acknowledge(op, null);
                return Verdict.DONE;
            }
            stats.unexpected.add(answer.toString());
            return Verdict.DONE;
        }

        private void acknowledge(Operation op, String role) {
            Map<String, String> mine = users.get(op.tenant());
            Map<String, String> expected = ledger.members.get(op.tenant());
            if (role == null) {
                mine.remove(op.user());
                expected.put(op.user(), "");
            } else {
                mine.put(op.user(), role);
                expected.put(op.user(), role);
            }
            stats.acknowledged.incrementAndGet();
        }

        private void retriedBecause(String reason) {
            stats.retriedBecause.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }
    }
}
