package com.hackops.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The rows of a chaos run, measured, and RELIABILITY.md written from them. */
public final class Reliability {

    /**
     * One scenario as measured. {@code lost}: acknowledged changes the store does not hold (client ledger) plus the
     * checker's LOST violations (events missing on the topic or in the read models, lost updates). {@code differences}:
     * read models that differ from the store, and broken stream properties. {@code gaveUp}: calls still unanswered
     * when the client gave up (their outcome is unknown to the client).
     */
    public record Row(String scenario, int faults, long requests, long acknowledged, long refused, long lost,
                      long duplicates, long overruns, long differences, Duration converged, long gaveUp,
                      List<String> unexpected, List<String> notes, InvariantChecker.Report report, List<String> ledgerLost) {

        public boolean clean() {
            return lost == 0 && duplicates == 0 && overruns == 0 && differences == 0 && report.ok() && unexpected.isEmpty()
                    && gaveUp == 0;
        }

        /** Why the row is not clean, for an assertion message. */
        public String problems() {
            return "%s: lost %d, duplicates %d, overruns %d, differences %d, gave up %d, unexpected answers %s%n%s%s"
                    .formatted(scenario, lost, duplicates, overruns, differences, gaveUp,
                            unexpected.stream().limit(10).toList(), report.summary(40),
                            ledgerLost.isEmpty() ? "" : "client ledger: " + ledgerLost.stream().limit(20).toList());
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Instant started = Instant.now();

    public synchronized void add(Row row) {
        rows.add(row);
    }

    /** A scenario that could not run in this run, and why. */
    public synchronized void skipped(String scenario, String why) {
        skipped.add(scenario + ": " + why);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    public synchronized void write(Path file, String title, String preamble) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n").append(preamble).append("\n\n");
        md.append("Run: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(" – ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores.\n\n");
        md.append("| scenario | faults injected | requests sent | acknowledged | refused (409) | events lost | duplicates | overruns "
                + "| read models ≠ store | time to converge | result |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.scenario()).append(" | ").append(row.faults()).append(" | ").append(row.requests())
                    .append(" | ").append(row.acknowledged()).append(" | ").append(row.refused()).append(" | ")
                    .append(row.lost()).append(" | ").append(row.duplicates()).append(" | ").append(row.overruns())
                    .append(" | ").append(row.differences()).append(" | ").append(seconds(row.converged())).append(" | ")
                    .append(row.clean() ? "pass" : "**FAIL**").append(" |\n");
        }
        md.append("\n### Notes per scenario\n\n");
        for (Row row : rows) {
            md.append("- **").append(row.scenario()).append("**: ").append(String.join("; ", row.notes()));
            if (!row.clean()) {
                md.append("; problems: ").append(row.problems().replace("\n", " ").replace("|", "/"));
            }
            md.append('\n');
        }
        if (!skipped.isEmpty()) {
            md.append("\n### Not run\n\n");
            skipped.forEach(s -> md.append("- ").append(s).append('\n'));
        }
        try {
            Files.writeString(file, md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration duration) {
        return duration == null ? "–" : String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
