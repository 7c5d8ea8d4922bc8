package com.hackops.command.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A PostgreSQL database of this test JVM's own, created on first use by the owner role (which infra/test
 * creates) and dropped when the JVM exits, so test runs never see each other's data.
 */
public final class TestDatabase {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String OWNER = "hackops_owner";

    private static String name;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (name == null) {
            name = "hackops_cmd_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute("CREATE DATABASE " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        }
        return "jdbc:postgresql://%s:%s/%s".formatted(HOST, PORT, name);
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
