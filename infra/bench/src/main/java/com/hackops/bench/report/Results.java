package com.hackops.bench.report;

import com.hackops.bench.load.Stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends measured figures to the run's results file, one per line: scenario, figure, run, value, unit (tab
 * separated). infra/bench appends its own (pgbench, catch-up, memory) in the same form; {@link Report} reads them all.
 */
public final class Results {

    private final Path file;

    public Results(Path file) {
        this.file = file;
    }

    public synchronized void put(String scenario, String figure, int run, double value, String unit) {
        String line = String.format(Locale.ROOT, "%s\t%s\t%d\t%.3f\t%s%n", scenario, figure, run, value, unit);
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(Locale.ROOT, "  %-4s %-28s run %d: %,.2f %s%n", scenario, figure, run, value, unit);
    }

    /** Throughput, p50, p99 and failed calls of one measured run; figures are named {@code prefix_…}. */
    public void stats(String scenario, String prefix, int run, Stats stats, String unit) {
        put(scenario, prefix + "_per_s", run, stats.perSecond(), unit);
        put(scenario, prefix + "_p50_ms", run, stats.millis(50), "ms");
        put(scenario, prefix + "_p99_ms", run, stats.millis(99), "ms");
        put(scenario, prefix + "_failed", run, stats.failed(), "calls");
    }
}
