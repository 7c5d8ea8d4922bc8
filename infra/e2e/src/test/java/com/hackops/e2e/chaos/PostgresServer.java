package com.hackops.e2e.chaos;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The machine's PostgreSQL cluster, stopped the hard way ({@code pg_ctlcluster … stop -m immediate}: every backend
 * killed, no checkpoint, crash recovery on the next start) and started again. This stops every database of the
 * machine, so only the full chaos run does it, only while no other test JVM or benchmark uses PostgreSQL, and it
 * always starts the cluster again.
 */
final class PostgresServer {

    private static final Duration CONTROL_BOUND = Duration.ofSeconds(120);

    private final String version;

    private PostgresServer(String version) {
        this.version = version;
    }

    /** The newest cluster version installed (the one infra/lib.sh starts). */
    static PostgresServer installed() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            String newest = versions.map(p -> p.getFileName().toString()).filter(v -> v.matches("\\d+"))
                    .max(Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL cluster under /etc/postgresql"));
            return new PostgresServer(newest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Processes of others that use PostgreSQL right now: test JVMs (surefire) other than this one and its Maven,
     * and benchmark runs. Empty when the cluster may be stopped.
     */
    static List<String> otherUsers() {
        Set<Long> mine = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            mine.add(p.get().pid());
        }
        return Stream.of("surefire", "hackops-bench.jar").flatMap(pattern -> {
            Shell.Result found = Shell.attempt(Duration.ofSeconds(10), "pgrep", "-af", pattern);
            return found.output().lines().filter(line -> !line.isBlank());
        }).filter(line -> !mine.contains(Long.parseLong(line.substring(0, line.indexOf(' ')))))
                .filter(line -> !line.contains("pgrep"))
                .map(line -> line.length() > 160 ? line.substring(0, 160) + "…" : line).distinct().toList();
    }

    /** Waits (at most {@code bound}) for a moment when nobody else uses PostgreSQL; false if none came. */
    static boolean awaitExclusiveUse(Duration bound) {
        try {
            await("no other test JVM or benchmark using PostgreSQL").atMost(bound).pollInterval(Duration.ofSeconds(5))
                    .until(() -> otherUsers().isEmpty());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    void stopImmediately() {
        Shell.run(CONTROL_BOUND, "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "immediate");
    }

    /** Starts the cluster and waits until it accepts connections. */
    void start() {
        Shell.Result started = Shell.attempt(CONTROL_BOUND, "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start");
        if (started.status() != 0 && !started.output().contains("already running")) {
            throw new IllegalStateException("PostgreSQL did not start: " + started.output());
        }
        await("PostgreSQL accepting connections").atMost(CONTROL_BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> Shell.attempt(Duration.ofSeconds(10), "pg_isready", "-q", "-h", "127.0.0.1").status() == 0);
    }

    boolean running() {
        return Shell.attempt(Duration.ofSeconds(10), "pg_isready", "-q", "-h", "127.0.0.1").status() == 0;
    }
}
