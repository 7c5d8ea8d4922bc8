package com.hackops.e2e.support;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One service jar running as a child process of the test JVM: {@code java -Xmx384m -jar <jar> --property=value …},
 * its output appended to a log file. It can be started again after a stop or a kill, with the same arguments (same
 * port, databases, topic). While it runs, a pid file names it and the test JVM, so a later run can end it if this
 * JVM died without its shutdown hook (see {@link Leftovers}).
 */
final class ServiceProcess {

    /** Marks the children of these tests on their command line (an unknown property, which Spring ignores). */
    static final String MARKER = "--hackops.e2e.run=";
    private static final Duration GRACE = Duration.ofSeconds(45);
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final List<String> arguments;
    private final int port;
    private final Path log;
    private final Path pidFile;
    private Process process;
    private int starts;

    ServiceProcess(String name, Path jar, List<String> arguments, int port, Path logDirectory, String run) {
        this.name = name;
        this.jar = jar;
        this.arguments = List.copyOf(arguments);
        this.port = port;
        this.log = logDirectory.resolve(run + "-" + name + ".log");
        this.pidFile = logDirectory.resolve(run + "-" + name + ".pid");
    }

    int port() {
        return port;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        if (!alive()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /**
     * Starts the process (which must not be running) without waiting for it to be healthy; {@code thisStartOnly}:
     * more {@code --property=value} arguments for this start, not repeated by the next one.
     */
    synchronized void launch(List<String> thisStartOnly) {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-jar", jar.toString()));
        command.addAll(arguments);
        command.addAll(thisStartOnly);
        starts++;
        try {
            Files.writeString(log, "%n===== start %d of %s at %s: %s%n%n".formatted(starts, name, Instant.now(),
                    String.join(" ", command)), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            // Axon's update checker would call home from every test run
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            process = builder.start();
            Leftovers.recordProcess(pidFile, process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /actuator/health} says UP; fails at once when the process exits, and at the bound. */
    void awaitHealthy(Duration bound) {
        Process started;
        synchronized (this) {
            started = process;
        }
        try {
            await(name + " healthy on :" + port).atMost(bound).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + started.exitValue() + " while starting");
                }
                return healthy();
            });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n---- last lines of " + log + " ----\n" + logTail(80), e);
        }
    }

    /** Graceful: SIGTERM, and Spring's graceful shutdown finishes the requests in flight; SIGKILL after 45 s. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(GRACE)) {
            System.err.println(name + " did not stop within " + GRACE + "; killing it");
            process.destroyForcibly();
            waitFor(KILL_WAIT);
        }
        ended();
    }

    /** {@code kill -9}: no shutdown hook, no graceful shutdown, in-flight requests and transactions cut off. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!waitFor(KILL_WAIT)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for " + KILL_WAIT);
        }
        ended();
    }

    /**
     * Waits until the process exits by itself (e.g. halted by a crash point) and returns its exit status; fails at
     * the bound, leaving it running.
     */
    int awaitExit(Duration bound) {
        Process started;
        synchronized (this) {
            started = process;
        }
        try {
            if (started == null || !started.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not exit within " + bound + "\n---- last lines of " + log
                        + " ----\n" + logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ended();
        return started.exitValue();
    }

    String logTail(int lines) {
        try {
            List<String> read = logLines();
            return String.join("\n", read.subList(Math.max(0, read.size() - lines), read.size()));
        } catch (UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    /** Every line of the log, across restarts. */
    List<String> logLines() {
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            return all.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean waitFor(Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void ended() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file names a dead process; Leftovers skips it
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
