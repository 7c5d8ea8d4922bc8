package com.hackops.query.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What this test JVM owns: a PostgreSQL database (created by the owner role, which infra/test creates) and a Kafka
 * topic on the tests' broker (HACKOPS_KAFKA_BOOTSTRAP, started by infra/test). Both are removed when the JVM exits.
 */
public final class TestInfrastructure {

    public static final String BOOTSTRAP = System.getenv().getOrDefault("HACKOPS_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    public static final int PARTITIONS = 4;
    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String OWNER = "hackops_owner";
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static boolean created;

    private TestInfrastructure() {
    }

    public static String databaseName() {
        return "hackops_qry_test_" + RUN;
    }

    public static String topic() {
        return "tenant-events-test-" + RUN;
    }

    public static synchronized String databaseUrl() {
        if (!created) {
            created = true;
            execute("CREATE DATABASE " + databaseName());
            execute("CREATE DATABASE " + databaseName() + "_events");
            createEventTable();
            createTopic();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                execute("DROP DATABASE IF EXISTS " + databaseName() + " WITH (FORCE)");
                execute("DROP DATABASE IF EXISTS " + databaseName() + "_events WITH (FORCE)");
                deleteTopic();
            }));
        }
        return "jdbc:postgresql://%s:%s/%s".formatted(HOST, PORT, databaseName());
    }

    /** Another database of this JVM, for a test that runs its own query-side instances. */
    public static String extraDatabaseUrl(String purpose) {
        databaseUrl();
        String name = databaseName() + "_" + purpose;
        execute("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return "jdbc:postgresql://%s:%s/%s".formatted(HOST, PORT, name);
    }

    /** The event store database of this JVM (the command side's event table), created with the read database. */
    public static String eventStoreUrl() {
        databaseUrl();
        return "jdbc:postgresql://%s:%s/%s_events".formatted(HOST, PORT, databaseName());
    }

    public static Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(databaseUrl(), role, role);
    }

    private static void createEventTable() {
        CommandSideSchema.migrate(eventStoreUrl());
    }

    private static void createTopic() {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic(), PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the test topic on " + BOOTSTRAP
                    + " (run infra/test, which starts the tests' broker)", e);
        }
    }

    private static void deleteTopic() {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic())).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the broker may already be gone at JVM exit; a leftover topic of a finished run harms nothing
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://%s:%s/postgres".formatted(HOST, PORT), OWNER, OWNER)) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' as " + OWNER
                    + " (run infra/test, which starts PostgreSQL and creates the roles)", e);
        }
    }
}
