package com.hackops.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run's own broker (infra/chaos starts it with infra/kafka/start on a port and directory of its own, and
 * passes them as system properties), so killing it touches no one else's topics. Killed with SIGKILL on the pid in
 * {@code broker.pid}, frozen and thawed with SIGSTOP/SIGCONT, started again with the same script and arguments.
 */
final class KafkaBroker {

    private static final Duration START_BOUND = Duration.ofSeconds(120);

    private final Path script;
    private final int port;
    private final int controllerPort;
    private final Path directory;

    private KafkaBroker(Path script, int port, int controllerPort, Path directory) {
        this.script = script;
        this.port = port;
        this.controllerPort = controllerPort;
        this.directory = directory;
    }

    /** The broker named by {@code hackops.chaos.kafka-*} system properties, or null when the run has none of its own. */
    static KafkaBroker fromSystemProperties(Path repository) {
        String dir = System.getProperty("hackops.chaos.kafka-dir");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        return new KafkaBroker(repository.resolve("infra/kafka/start"),
                Integer.parseInt(System.getProperty("hackops.chaos.kafka-port")),
                Integer.parseInt(System.getProperty("hackops.chaos.kafka-controller-port")), Path.of(dir));
    }

    long pid() {
        try {
            return Long.parseLong(Files.readString(directory.resolve("broker.pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no broker.pid in " + directory, e);
        }
    }

    /** {@code kill -9} of the broker; waits until it is gone. */
    void kill() {
        ProcessHandle broker = ProcessHandle.of(pid()).orElseThrow(() -> new IllegalStateException("broker not running"));
        broker.destroyForcibly();
        broker.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** SIGSTOP: the broker holds every connection open and answers nothing (a stalled host, a long GC pause). */
    void freeze() {
        Shell.run(Duration.ofSeconds(10), "kill", "-STOP", Long.toString(pid()));
    }

    void thaw() {
        Shell.run(Duration.ofSeconds(10), "kill", "-CONT", Long.toString(pid()));
    }

    /** Starts it again (infra/kafka/start waits until it serves requests). */
    void start() {
        Shell.run(START_BOUND, script.toString(), "--port", Integer.toString(port), "--controller-port",
                Integer.toString(controllerPort), "--dir", directory.toString());
    }

    boolean running() {
        try {
            return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
