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
    private final Options options;
    private final Map<Service, List<ServiceProcess>> services = new EnumMap<>(Service.class);
    private Path commandJar;
    private Path queryJar;
    private final Thread shutdownHook;
    private final List<Runnable> cleanups = new ArrayList<>();
    private boolean closed;

    private Platform(Options options) {
        this.options = options;
        run = "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        eventsDatabase = "hackops_" + run + "_events";
        readDatabase = "hackops_" + run + "_read";
        topic = "tenant-events-" + run;
        shutdownHook = new Thread(this::emergencyCleanup, "e2e-platform-" + run);
    }

    /**
     * How a run deviates from one instance of each service talking straight to PostgreSQL: more instances (on the
     * same databases, topic and consumer group), or a service's PostgreSQL connections routed through another
     * address (a {@code TcpProxy} of a chaos test).
     */
    public record Options(int commandInstances, int queryInstances, String commandDatabaseAddress,
                          String queryDatabaseAddress, Map<Service, List<String>> extraArguments) {

        public static Options defaults() {
            return new Options(1, 1, null, null, Map.of());
        }

        public Options withCommandInstances(int instances) {
            return new Options(instances, queryInstances, commandDatabaseAddress, queryDatabaseAddress, extraArguments);
        }

        public Options withQueryInstances(int instances) {
            return new Options(commandInstances, instances, commandDatabaseAddress, queryDatabaseAddress, extraArguments);
        }

        /** {@code host:port} the command side reaches its event store at (instead of PostgreSQL itself). */
        public Options withCommandDatabaseAt(String hostAndPort) {
            return new Options(commandInstances, queryInstances, hostAndPort, queryDatabaseAddress, extraArguments);
        }

        /** {@code host:port} the query side reaches its read models at (its audit reads go straight to PostgreSQL). */
        public Options withQueryDatabaseAt(String hostAndPort) {
            return new Options(commandInstances, queryInstances, commandDatabaseAddress, hostAndPort, extraArguments);
        }

        /** More {@code --property=value} arguments for every instance of a service (none the platform sets itself). */
        public Options withArguments(Service service, String... arguments) {
            Map<Service, List<String>> more = new EnumMap<>(Service.class);
            more.putAll(extraArguments);
            more.merge(service, List.of(arguments), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
            return new Options(commandInstances, queryInstances, commandDatabaseAddress, queryDatabaseAddress, more);
        }
    }

    /** Creates the databases and topic, starts both services and waits until both are healthy. */
    public static Platform start() {
        return start(Options.defaults());
    }

    /** As {@link #start()}, with more instances or proxied database connections; all instances start together. */
    public static Platform start(Options options) {
        Path commandJar = jarOf(Service.COMMAND);
        Path queryJar = jarOf(Service.QUERY);
        createDirectories();
        Leftovers.cleanUp(LOG_DIR);
        Platform platform = new Platform(options);
        Runtime.getRuntime().addShutdownHook(platform.shutdownHook);
        try {
            platform.prepare(commandJar, queryJar);
            List<ServiceProcess> all = platform.services.values().stream().flatMap(List::stream).toList();
            all.forEach(service -> service.launch(List.of()));
            all.forEach(service -> service.awaitHealthy(STARTUP_BOUND));
            return platform;
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    /** The first command-side instance. */
    public Api command() {
        return command(0);
    }

    public Api command(int instance) {
        return new Api(instance(Service.COMMAND, instance).port());
    }

    /** The first query-side instance. */
    public Api query() {
        return query(0);
    }

    public Api query(int instance) {
        return new Api(instance(Service.QUERY, instance).port());
    }

    public int instances(Service service) {
        return services.get(service).size();
    }

    /** Whether the instance's process is running (it may not be healthy yet). */
    public boolean running(Service service, int instance) {
        return instance(service, instance).alive();
    }

    /** The pid of a running instance. */
    public long pid(Service service, int instance) {
        return instance(service, instance).pid();
    }

    /** Graceful stop (SIGTERM) of the first instance; waits until the process has exited. */
    public void stop(Service service) {
        stop(service, 0);
    }

    public void stop(Service service, int instance) {
        instance(service, instance).stop();
    }

    /** {@code kill -9} of the first instance's JVM ({@link Process#destroyForcibly()} on its pid); waits until it is gone. */
    public void kill(Service service) {
        kill(service, 0);
    }

    public void kill(Service service, int instance) {
        instance(service, instance).kill();
    }

    /** Starts the stopped or killed first instance again on the same databases, topic and port; waits until healthy. */
    public void start(Service service) {
        start(service, 0);
    }

    /** As {@link #start(Service)}; {@code thisStartOnly}: more {@code --property=value} arguments for this start only. */
    public void start(Service service, int instance, String... thisStartOnly) {
        launch(service, instance, thisStartOnly);
        awaitHealthy(service, instance);
    }

    /** Starts a stopped or killed instance without waiting for it (start several, then {@link #awaitHealthy}). */
    public void launch(Service service, int instance, String... thisStartOnly) {
        instance(service, instance).launch(List.of(thisStartOnly));
    }

    public void awaitHealthy(Service service, int instance) {
        instance(service, instance).awaitHealthy(STARTUP_BOUND);
    }

    /** Waits until the instance exits by itself (a crash point halted it); returns its exit status. */
    public int awaitExit(Service service, int instance, Duration bound) {
        return instance(service, instance).awaitExit(bound);
    }

    public String topic() {
        return topic;
    }

    /** The Kafka bootstrap servers both services use. */
    public String bootstrap() {
        return Broker.BOOTSTRAP;
    }

    /** JDBC URL of the command side's event store (straight to PostgreSQL, whatever the services are routed through). */
    public String eventStoreUrl() {
        return Postgres.url(eventsDatabase);
    }

    /** JDBC URL of the query side's read models (straight to PostgreSQL). */
    public String readModelsUrl() {
        return Postgres.url(readDatabase);
    }

    /** The role that owns both databases (and may read everything in them): user name and password. */
    public static String ownerRole() {
        return Postgres.OWNER;
    }

    /** A connection to the query side's read models as the owner role (row-level security binds it too). */
    public Connection connectToReadModels() throws SQLException {
        return Postgres.connectAsOwner(readDatabase);
    }

    /** The end of one instance's log, for failure messages. */
    public String logTail(Service service, int instance, int lines) {
        return instance(service, instance).logTail(lines);
    }

    /** Every line one instance logged, across its restarts. */
    public List<String> logLines(Service service, int instance) {
        return instance(service, instance).logLines();
    }

    private ServiceProcess instance(Service service, int instance) {
        return services.get(service).get(instance);
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
            for (ServiceProcess process : services.getOrDefault(service, List.of())) {
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
        // the run's own copies: a build elsewhere on the machine rewrites target/*.jar, and a JVM whose jar was rewritten
        // under it fails on the next class it loads (seen as NoClassDefFoundError deep in a Kafka client)
        this.commandJar = copyOf(commandJar, Service.COMMAND);
        this.queryJar = copyOf(queryJar, Service.QUERY);
        services.put(Service.COMMAND, new ArrayList<>());
        services.put(Service.QUERY, new ArrayList<>());
        for (int i = 0; i < options.commandInstances(); i++) {
            addInstance(Service.COMMAND);
        }
        for (int i = 0; i < options.queryInstances(); i++) {
            addInstance(Service.QUERY);
        }
    }

    /** Declares one more instance of a service on this run's databases, topic and group (not started yet). */
    private int addInstance(Service service) {
        List<ServiceProcess> instances = services.get(service);
        int index = instances.size();
        String name = service.module + (index == 0 ? "" : "-" + (index + 1));
        int port = freePort();
        List<String> arguments = service == Service.COMMAND ? List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + Postgres.url(options.commandDatabaseAddress(), eventsDatabase),
                "--hackops.kafka.bootstrap-servers=" + Broker.BOOTSTRAP,
                "--hackops.kafka.topic=" + topic,
                "--hackops.kafka.partitions=" + PARTITIONS,
                ServiceProcess.MARKER + run) : List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + Postgres.url(options.queryDatabaseAddress(), readDatabase),
                "--spring.kafka.bootstrap-servers=" + Broker.BOOTSTRAP,
                "--hackops.kafka.topic=" + topic,
                "--hackops.kafka.group-id=projections-" + run,
                // the query side reads the event store for audits (as the read-only hackops_audit role)
                "--hackops.audit.event-store.url=" + Postgres.url(eventsDatabase),
                // the bound of a read-your-writes wait: generous, since this 2-core machine also runs builds
                "--hackops.query.read-your-writes-timeout=PT10S",
                ServiceProcess.MARKER + run);
        List<String> all = new ArrayList<>(arguments);
        all.addAll(options.extraArguments().getOrDefault(service, List.of()));
        instances.add(new ServiceProcess(name, service == Service.COMMAND ? commandJar : queryJar, all, port,
                LOG_DIR, run));
        return index;
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
        services.values().stream().flatMap(List::stream).forEach(process -> {
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

    private Path copyOf(Path jar, Service service) {
        Path copy = LOG_DIR.resolve(run + "-" + service.module + ".jar");
        try {
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jar, e);
        }
        cleanups.add(() -> {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return copy;
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
        try (Stream<Path> sources = Stream.of("shared-events/src/main", "platform-web/src/main", service.module + "/src/main")
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
