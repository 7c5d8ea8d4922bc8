package com.hackops.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What a test JVM that died without its shutdown hooks (kill -9, an OOM kill) left behind: service processes,
 * databases and a topic. Each run records them in the log directory while it holds them, naming its own pid;
 * the next run cleans up after every recorded run whose JVM is gone. Runs of live JVMs are never touched.
 * <ul>
 *   <li>{@code <run>-<service>.pid}: "child-pid owner-pid", while the service runs;</li>
 *   <li>{@code <run>.run}: "owner-pid", then the run's databases and its topic, one a line, until it closed;</li>
 *   <li>{@code <run>-<service>.jar}: the run's copies of the service jars.</li>
 * </ul>
 */
final class Leftovers {

    private static final long KILL_WAIT_SECONDS = 15;

    private Leftovers() {
    }

    static void recordRun(Path directory, String run, List<String> databases, String topic) {
        write(directory.resolve(run + ".run"), Stream.concat(Stream.of(Long.toString(ProcessHandle.current().pid())),
                Stream.concat(databases.stream(), Stream.of(topic))).toList());
    }

    static void forgetRun(Path directory, String run) {
        try {
            Files.deleteIfExists(directory.resolve(run + ".run"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void recordProcess(Path pidFile, long pid) {
        write(pidFile, List.of(pid + " " + ProcessHandle.current().pid()));
    }

    static void cleanUp(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> records = files.toList();
            // processes first: they hold connections to the databases
            records.stream().filter(f -> f.toString().endsWith(".pid")).forEach(f -> attempt(f, Leftovers::endProcess));
            records.stream().filter(f -> f.toString().endsWith(".run")).forEach(f -> attempt(f, Leftovers::dropRun));
        } catch (IOException e) {
            System.err.println("could not look for earlier runs in " + directory + ": " + e);
        }
    }

    private static void attempt(Path record, Consumer<Path> cleanUp) {
        try {
            cleanUp.accept(record);
        } catch (RuntimeException e) {
            System.err.println("could not clean up after " + record + ": " + e);
        }
    }

    private static void endProcess(Path pidFile) {
        String[] pids = read(pidFile).get(0).split(" ");
        if (alive(pids[1])) {
            return;
        }
        Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(pids[0])).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(ServiceProcess.MARKER)).orElse(false));
        child.ifPresent(p -> {
            System.err.println("ending pid " + p.pid() + ", left running by a dead test JVM (" + pidFile + ")");
            p.destroyForcibly();
            p.onExit().orTimeout(KILL_WAIT_SECONDS, TimeUnit.SECONDS).join();
        });
        delete(pidFile);
    }

    private static void dropRun(Path runFile) {
        List<String> lines = read(runFile);
        if (alive(lines.get(0))) {
            return;
        }
        System.err.println("dropping " + lines.subList(1, lines.size()) + ", left by a dead test JVM (" + runFile + ")");
        String run = runFile.getFileName().toString().replaceFirst("\\.run$", "");
        for (String module : List.of("command-side", "query-side")) {
            delete(runFile.resolveSibling(run + "-" + module + ".jar")); // the run's copies of the service jars
        }
        lines.subList(1, lines.size() - 1).forEach(Postgres::dropDatabase);
        try {
            Broker.deleteTopic(lines.get(lines.size() - 1));
        } catch (Exception e) {
            System.err.println("topic " + lines.get(lines.size() - 1) + " not deleted: " + e);
        }
        delete(runFile);
    }

    private static boolean alive(String pid) {
        return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
