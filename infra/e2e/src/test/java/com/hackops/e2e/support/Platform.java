package com.hackops.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole platform as a client meets it: the packaged command-side and query-side jars running as child
 * processes, each on a free port, against two fresh PostgreSQL databases of this run, a topic of this run on the
 * tests' broker and a consumer group of this run. Nothing of the services' code is on this JVM's classpath.
 * <p>
 * A test class starts one in {@code @BeforeAll} and closes it in {@code @AfterAll}. Services can be stopped,
 * killed and started again on the same databases, topic and ports, for restart and chaos tests. A shutdown hook
 * kills what is still running and drops the databases if the JVM exits before {@link #close()}; what a JVM killed
 * outright leaves behind, the next run removes ({@link Leftovers}).
 */
public final class Platform implements AutoCloseable {

    /** The two services. */
    public enum Service {
        COMMAND("command-side"),
        QUERY("query-side");

        private final String module;

        Service(String module) {
            this.module = module;
        }
    }

    private static final int PARTITIONS = 4;
    private static final Duration STARTUP_BOUND = Duration.ofSeconds(180);
    private static final Path MODULE_DIR = Path.of(System.getProperty("hackops.e2e.module-dir",
            System.getProperty("user.dir"))).toAbsolutePath().normalize();
    private static final Path REPO_DIR = MODULE_DIR.resolve("../..").normalize();
    private static final String VERSION = System.getProperty("hackops.e2e.version", "0.1.0-SNAPSHOT");
    private static final Path LOG_DIR = MODULE_DIR.resolve("target/e2e-logs");

    private final String run;
    private final String eventsDatabase;
    private final String readDatabase;
    private final String topic;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final Thread shutdownHook;
    private final List<Runnable> cleanups = new ArrayList<>();
    private boolean closed;

    private Platform() {
        run = "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        eventsDatabase = "hackops_" + run + "_events";
        readDatabase = "hackops_" + run + "_read";
        topic = "tenant-events-" + run;
        shutdownHook = new Thread(this::emergencyCleanup, "e2e-platform-" + run);
    }

    /** Creates the databases and topic, starts both services and waits until both are healthy. */
    public static Platform start() {
        Path commandJar = jarOf(Service.COMMAND);
        Path queryJar = jarOf(Service.QUERY);
        createDirectories();
        Leftovers.cleanUp(LOG_DIR);
        Platform platform = new Platform();
        Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
        try {
            platform.prepare(commandJar, queryJar);
            platform.services.values().forEach(ServiceProcess::launch);
            platform.services.values().forEach(service -> service.awaitHealthy(STARTUP_BOUND));
            return platform;
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    public Api command() {
        return new Api(services.get(Service.COMMAND).port());
    }

    public Api query() {
        return new Api(services.get(Service.QUERY).port());
    }

    /** Graceful stop (SIGTERM); waits until the process has exited. */
    public void stop(Service service) {
        services.get(service).stop();
    }

    /** {@code kill -9} of the service's JVM ({@link Process#destroyForcibly()} on its pid); waits until it is gone. */
    public void kill(Service service) {
        services.get(service).kill();
    }

    /** Starts a stopped or killed service again on the same databases, topic and port; waits until healthy. */
    public void start(Service service) {
        ServiceProcess process = services.get(service);
        process.launch();
        process.awaitHealthy(STARTUP_BOUND);
    }

    public String topic() {
        return topic;
    }

    /** A connection to the command side's event store as the owner role. */
    public Connection connectToEventStore() throws SQLException {
        return Postgres.connectAsOwner(eventsDatabase);
    }

    /** Stops both services (gracefully, then forcibly), deletes the topic and drops both databases. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (Service service : List.of(Service.QUERY, Service.COMMAND)) {
            ServiceProcess process = services.get(service);
            if (process != null) {
                attempt(process::stop, failures);
            }
        }
        release(failures);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook runs anyway and finds everything done
        }
        System.out.println("e2e platform " + run + " closed; service logs in " + LOG_DIR);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void prepare(Path commandJar, Path queryJar) {
        Leftovers.recordRun(LOG_DIR, run, List.of(eventsDatabase, readDatabase), topic);
        Postgres.createDatabase(eventsDatabase);
        cleanups.add(() -> Postgres.dropDatabase(eventsDatabase));
        Postgres.createDatabase(readDatabase);
        cleanups.add(() -> Postgres.dropDatabase(readDatabase));
        // created here with few partitions: the publisher keeps an existing topic as it is
        Broker.createTopic(topic, PARTITIONS);
        cleanups.add(this::deleteTopic);
        int commandPort = freePort();
        int queryPort = freePort();
        services.put(Service.COMMAND, new ServiceProcess(Service.COMMAND.module, commandJar, List.of(
                "--server.port=" + commandPort,
                "--spring.datasource.url=" + Postgres.url(eventsDatabase),
                "--hackops.kafka.bootstrap-servers=" + Broker.BOOTSTRAP,
                "--hackops.kafka.topic=" + topic,
                "--hackops.kafka.partitions=" + PARTITIONS,
                ServiceProcess.MARKER + run), commandPort, LOG_DIR, run));
        services.put(Service.QUERY, new ServiceProcess(Service.QUERY.module, queryJar, List.of(
                "--server.port=" + queryPort,
                "--spring.datasource.url=" + Postgres.url(readDatabase),
                "--spring.kafka.bootstrap-servers=" + Broker.BOOTSTRAP,
                "--hackops.kafka.topic=" + topic,
                "--hackops.kafka.group-id=projections-" + run,
                // the query side reads the event store for audits (as the read-only hackops_audit role)
                "--hackops.audit.event-store.url=" + Postgres.url(eventsDatabase),
                // the bound of a read-your-writes wait: generous, since this 2-core machine also runs builds
                "--hackops.query.read-your-writes-timeout=PT10S",
                ServiceProcess.MARKER + run), queryPort, LOG_DIR, run));
    }

    private void deleteTopic() {
        try {
            Broker.deleteTopic(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("topic " + topic + " not deleted", e);
        } catch (Exception e) {
            throw new IllegalStateException("topic " + topic + " not deleted", e);
        }
    }

    /** The JVM exits before close(): end the children at once (no time for grace), then drop what this run made. */
    private void emergencyCleanup() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        services.values().forEach(process -> {
            try {
                process.kill();
            } catch (RuntimeException e) {
                System.err.println(e.getMessage());
            }
        });
        release(new ArrayList<>());
    }

    /** Deletes the topic and drops the databases; forgets the run only when all of that worked. */
    private void release(List<RuntimeException> failures) {
        int before = failures.size();
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            attempt(cleanups.get(i), failures);
        }
        if (failures.size() == before) {
            attempt(() -> Leftovers.forgetRun(LOG_DIR, run), failures);
        }
    }

    private static void attempt(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static Path jarOf(Service service) {
        Path jar = REPO_DIR.resolve(service.module).resolve("target").resolve(service.module + "-" + VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("""
                    %s is missing. The end-to-end tests run the packaged services: build them first, e.g.
                      cd %s && mvn -B -q install -DskipTests
                    (a reactor build such as 'mvn verify' or infra/test packages them before this module's tests)."""
                    .formatted(jar, REPO_DIR));
        }
        warnIfStale(service, jar);
        return jar;
    }

    /** With {@code -pl infra/e2e} the jars are not rebuilt: say so when sources changed after the jar was built. */
    private static void warnIfStale(Service service, Path jar) {
        try (Stream<Path> sources = Stream.of("shared-events/src/main", service.module + "/src/main")
                .map(REPO_DIR::resolve).filter(Files::isDirectory).flatMap(Platform::walk)) {
            long built = Files.getLastModifiedTime(jar).toMillis();
            sources.filter(source -> modified(source) > built).findFirst().ifPresent(newer -> System.err.println(
                    "WARNING: " + jar.getFileName() + " is older than " + REPO_DIR.relativize(newer)
                            + "; these tests run the jar as built, not the current sources"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> walk(Path directory) {
        try {
            return Files.walk(directory).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void createDirectories() {
        try {
            Files.createDirectories(LOG_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
