package com.hackops.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command of the machine (pg_ctlcluster, infra/kafka/start, kill -STOP) with a bound, output captured. */
final class Shell {

    /** What a finished command printed (stdout and stderr together) and its exit status. */
    record Result(int status, String output) {
    }

    private Shell() {
    }

    /** Runs the command; fails when it exits non-zero or outlives the bound (then it is killed). */
    static String run(Duration bound, String... command) {
        Result result = attempt(bound, command);
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + result.status() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    static Result attempt(Duration bound, String... command) {
        Path output = null;
        try {
            output = Files.createTempFile("chaos-shell", ".out");
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + bound + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temp file left behind
                }
            }
        }
    }
}
