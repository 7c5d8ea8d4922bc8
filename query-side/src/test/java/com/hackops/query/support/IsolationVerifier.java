package com.hackops.query.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code infra/verify-isolation} (bash and psql, as infra/test does) and captures what it says. */
public final class IsolationVerifier {

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../infra/verify-isolation")
            .normalize();

    private IsolationVerifier() {
    }

    public record Outcome(int exitCode, String output) {
    }

    /** {@code databases}: the read-model and event-store URLs, JDBC or libpq, or "-" to skip one. */
    public static Outcome run(String readDatabase, String eventsDatabase) {
        if (!Files.isExecutable(SCRIPT)) {
            throw new IllegalStateException("no executable " + SCRIPT);
        }
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), readDatabase, eventsDatabase));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGUSER", "hackops_owner");
        builder.environment().put("PGPASSWORD", "hackops_owner");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("verify-isolation did not finish within 60 s");
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
