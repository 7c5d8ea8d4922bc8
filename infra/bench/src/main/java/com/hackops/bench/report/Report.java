package com.hackops.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a run's results file into the figures section of BENCHMARKS.md: per figure the median over the runs with
 * min and max, and the median as a ratio to the raw PostgreSQL ceiling (S0) measured in the same run. Which
 * ceiling a figure is compared with is written next to it: single-row work against the 4-client single-row insert
 * rate, bulk work against the 4-client 100-row rate, latencies against the same S0 case's latency. Single-row
 * work is also divided by R1 of its scenario's own spell: the mean of the R1 probes taken right before and right
 * after it (S0's median before the first), for a host whose CPU drifts within the hour.
 */
public final class Report {

    /** A figure as it appears in the table: where it is measured, what it is compared with, its target. */
    private record Figure(String scenario, String name, String label, String ceiling, String target) {
    }

    private static final List<Figure> FIGURES = List.of(
            f("S0", "c1_r1_per_s", "raw insert, 1 client, 1 row/tx", "R1", ""),
            f("S0", "c1_r1_p50_ms", "  latency p50", "L50", ""),
            f("S0", "c1_r1_p99_ms", "  latency p99", "L99", ""),
            f("S0", "c4_r1_per_s", "raw insert, 4 clients, 1 row/tx", "R1", ""),
            f("S0", "c4_r1_p50_ms", "  latency p50", "L50", ""),
            f("S0", "c4_r1_p99_ms", "  latency p99", "L99", ""),
            f("S0", "c1_r100_per_s", "raw insert, 1 client, 100 rows/tx", "R100", ""),
            f("S0", "c4_r100_per_s", "raw insert, 4 clients, 100 rows/tx", "R100", ""),
            f("S0", "c4_r100_p50_ms", "  latency p50 (per tx)", "B50", ""),
            f("S0", "c4_r100_p99_ms", "  latency p99 (per tx)", "B99", ""),
            f("S1", "create_tenants_per_s", "CreateTenant over HTTP", "R1", ""),
            f("S1", "create_tenants_p50_ms", "  latency p50", "L50", ""),
            f("S1", "create_tenants_p99_ms", "  latency p99", "L99", ""),
            probe("S1"),
            f("S2", "increments_per_s", "single increments, 1,000 tenants", "R1", ">= 2,500/s and >= 0.55 x R1"),
            f("S2", "increments_p50_ms", "  latency p50", "L50", ""),
            f("S2", "increments_p99_ms", "  latency p99", "L99", "<= 20 ms"),
            f("S2", "lag_p50_ms", "  live projection lag p50", "L50", ""),
            f("S2", "lag_p99_ms", "  live projection lag p99", "L99", "< 1,000 ms"),
            f("S2", "lag_samples", "  lag samples (4 probes)", "", ""),
            probe("S2"),
            f("S3", "single_per_s", "hot tenant, single calls", "R1", ">= 1,000/s"),
            f("S3", "single_p50_ms", "  latency p50", "L50", ""),
            f("S3", "single_p99_ms", "  latency p99", "L99", ""),
            f("S3", "batch_per_s", "hot tenant, batch calls (increments)", "R100", ">= 50,000/s"),
            f("S3", "batch_p50_ms", "  latency p50 (per call)", "B50", ""),
            f("S3", "batch_p99_ms", "  latency p99 (per call)", "B99", ""),
            probe("S3"),
            f("S5", "publish_per_s", "store -> Kafka (publisher catch-up)", "R100", ""),
            f("S5", "catchup_per_s", "Kafka -> read models (catch-up after a restart, JIT cold)", "R100", ">= 15,000/s"),
            f("S5", "warm_catchup_per_s", "Kafka -> read models (catch-up of a stalled node, JIT warm)", "R100", ">= 15,000/s"),
            probe("S5"),
            f("S6", "statement_per_s", "statement by replay (one tenant)", "R100", ">= 30,000/s"),
            f("S6", "statement_seconds", "  time for the statement", "", ""),
            f("S6", "rebuild_per_s", "full-store replay (rebuild)", "R100", ">= 30,000/s"),
            f("S6", "rebuild_changes_per_s", "  usage changes replayed (a batch event carries up to 1,000)", "R100", ""),
            probe("S6"),
            f("S11", "reads_per_s", "dashboard reads during S2 (target rate 500/s)", "R1", "500/s"),
            f("S11", "reads_p50_ms", "  latency p50", "L50", ""),
            f("S11", "reads_p99_ms", "  latency p99", "L99", "< 10 ms"),
            f("S11", "increments_per_s", "  S2 writes meanwhile", "R1", ""),
            f("S11", "increments_p99_ms", "  S2 write latency p99 meanwhile", "L99", ""),
            probe("S11"),
            f("BASE", "increments_per_s", "default-Axon profile, S2 load", "R1", "S2 >= 3 x this"),
            f("BASE", "increments_p50_ms", "  latency p50", "L50", ""),
            f("BASE", "increments_p99_ms", "  latency p99", "L99", ""),
            f("BASE", "lag_p50_ms", "  live projection lag p50", "L50", ""),
            f("BASE", "lag_p99_ms", "  live projection lag p99", "L99", ""),
            probe("BASE"),
            f("MEM", "command_rss_mb", "command-side peak RSS during S2", "HEAP", "heap <= 512 MB"),
            f("MEM", "query_rss_mb", "query-side peak RSS during S2", "HEAP", "heap <= 512 MB"));

    private static final String PROBE = "r1_after_per_s";

    private static final Map<String, String> CEILINGS = Map.of(
            "R1", "S0 c4_r1_per_s", "R100", "S0 c4_r100_per_s", "L50", "S0 c4_r1_p50_ms", "L99", "S0 c4_r1_p99_ms",
            "B50", "S0 c4_r100_p50_ms", "B99", "S0 c4_r100_p99_ms");

    private static Figure f(String scenario, String name, String label, String ceiling, String target) {
        return new Figure(scenario, name, label, ceiling, target);
    }

    /** The R1 probe the harness takes right after a scenario. */
    private static Figure probe(String scenario) {
        return f(scenario, PROBE, "  R1 right after it (pgbench, services paused)", "R1", "");
    }

    private Report() {
    }

    public static void write(Path results, Path out) throws IOException {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            String[] field = line.split("\t");
            if (field.length == 5) {
                String key = field[0] + " " + field[1];
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(field[3]));
                units.put(key, field[4]);
            }
        }
        StringBuilder md = new StringBuilder();
        Map<String, Double> spells = spells(values);
        md.append("| scenario | figure | median | min | max | runs | unit | ratio to ceiling | ratio to R1 of its spell | target |\n");
        md.append("|---|---|--:|--:|--:|--:|---|--:|--:|---|\n");
        List<String> shown = new ArrayList<>();
        for (Figure figure : FIGURES) {
            String key = figure.scenario() + " " + figure.name();
            List<Double> measured = values.get(key);
            shown.add(key);
            if (measured == null) {
                continue;
            }
            double median = median(measured);
            md.append("| %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |\n".formatted(figure.scenario(),
                    figure.label().replaceFirst("^  ", "&nbsp;&nbsp;"), number(median),
                    number(measured.stream().mapToDouble(Double::doubleValue).min().orElse(0)),
                    number(measured.stream().mapToDouble(Double::doubleValue).max().orElse(0)), measured.size(),
                    units.get(key), ratio(figure, median, values, units), spellRatio(figure, median, spells),
                    figure.target()));
        }
        double tuned = medianOf("S2 increments_per_s", values);
        double baseline = medianOf("BASE increments_per_s", values);
        if (tuned > 0 && baseline > 0) {
            md.append("| S2/BASE | tuned over default-Axon, S2 increments/s | %.2f x | | | | ratio | | | >= 3 x |\n"
                    .formatted(tuned / baseline));
        }
        List<String> checks = new ArrayList<>();
        values.forEach((key, measured) -> {
            if (!shown.contains(key)) {
                checks.add("| %s | %s | %s |".formatted(key, number(measured.stream().mapToDouble(Double::doubleValue).max()
                        .orElse(0)), units.get(key)));
            }
        });
        if (!checks.isEmpty()) {
            md.append("\nOther figures and correctness checks (worst value over the runs; checks must be 0):\n\n");
            md.append("| figure | value | unit |\n|---|--:|---|\n");
            checks.forEach(line -> md.append(line).append('\n'));
        }
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private static String ratio(Figure figure, double median, Map<String, List<Double>> values, Map<String, String> units) {
        if (figure.ceiling().equals("HEAP")) {
            return "%.2f x 512 MB".formatted(median / 512);
        }
        String reference = CEILINGS.get(figure.ceiling());
        double ceiling = reference == null ? 0 : medianOf(reference, values);
        if (ceiling <= 0) {
            return "–";
        }
        String name = reference.substring(3).replace("_per_s", "").replace("_ms", "");
        return String.format(Locale.ROOT, "%.3f x %s", median / ceiling, name);
    }

    /**
     * R1 in each scenario's own spell: the mean of the probe right before it (the previous scenario's, or S0's
     * 4-client single-row median for the first) and the probe right after it. Scenarios without a probe have none.
     */
    private static Map<String, Double> spells(Map<String, List<Double>> values) {
        Map<String, Double> spells = new LinkedHashMap<>();
        double before = medianOf("S0 c4_r1_per_s", values);
        // the probes in the order the harness took them: the results file's, which values keeps
        List<String> probed = values.keySet().stream().filter(key -> key.endsWith(" " + PROBE)).toList();
        for (String key : probed) {
            String scenario = key.substring(0, key.indexOf(' '));
            double after = medianOf(key, values);
            if (after > 0 && before > 0) {
                spells.put(scenario, (before + after) / 2);
            }
            if (after > 0) {
                before = after;
            }
        }
        return spells;
    }

    private static String spellRatio(Figure figure, double median, Map<String, Double> spells) {
        Double spell = spells.get(figure.scenario());
        if (spell == null || !figure.ceiling().equals("R1") || figure.name().equals(PROBE)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.3f x %s", median / spell, number(spell));
    }

    private static double medianOf(String key, Map<String, List<Double>> values) {
        List<Double> measured = values.get(key);
        return measured == null ? 0 : median(measured);
    }

    private static double median(List<Double> measured) {
        List<Double> sorted = measured.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String number(double value) {
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f", value);
    }
}
