package com.hackops.e2e.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server infra/test starts, reached as the owner role (which owns every platform database and may
 * create and force-drop them). The services themselves connect with their own roles, as configured in their jars.
 */
final class Postgres {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    static final String OWNER = "hackops_owner";

    private Postgres() {
    }

    static String url(String database) {
        return "jdbc:postgresql://%s:%s/%s".formatted(HOST, PORT, database);
    }

    /** The URL of {@code database} reached at {@code hostAndPort} (e.g. a proxy), or PostgreSQL itself when null. */
    static String url(String hostAndPort, String database) {
        return hostAndPort == null ? url(database) : "jdbc:postgresql://%s/%s".formatted(hostAndPort, database);
    }

    static void createDatabase(String name) {
        execute("CREATE DATABASE " + name);
    }

    /** Drops the database even while a (killed or still running) service holds connections to it. */
    static void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    static Connection connectAsOwner(String database) throws SQLException {
        return DriverManager.getConnection(url(database), OWNER, OWNER);
    }

    private static void execute(String sql) {
        try (Connection connection = connectAsOwner("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' as " + OWNER + " on " + HOST + ":" + PORT
                    + " (infra/test starts PostgreSQL and creates the roles)", e);
        }
    }
}
