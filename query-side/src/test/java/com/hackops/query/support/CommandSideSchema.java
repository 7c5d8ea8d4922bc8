package com.hackops.query.support;

import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command side's database schema (event store, API keys, person keys, platform-admin access records, …) built
 * by the command side's own migration files, as its service would, for query-side tests that read it without
 * running the command side. Read from the sibling module's sources, so the tests always see the real schema and
 * grants (the audit role may only SELECT) — no copy to keep in step.
 */
public final class CommandSideSchema {

    private static final Path MIGRATIONS = Path.of(System.getProperty("user.dir"))
            .resolve("../command-side/src/main/resources/db/migration").normalize();

    private CommandSideSchema() {
    }

    public static void migrate(String url) {
        if (!Files.isDirectory(MIGRATIONS)) {
            throw new IllegalStateException("the command side's migrations are not at " + MIGRATIONS);
        }
        Flyway.configure().dataSource(url, "hackops_owner", "hackops_owner")
                .locations("filesystem:" + MIGRATIONS)
                .placeholders(Map.of("command_role", "hackops_command", "audit_role", "hackops_audit"))
                .load().migrate();
    }
}
