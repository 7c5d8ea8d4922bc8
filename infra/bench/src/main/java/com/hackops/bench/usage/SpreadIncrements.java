package com.hackops.bench.usage;

import com.hackops.bench.Args;
import com.hackops.bench.http.Api;
import com.hackops.bench.load.ClosedLoop;
import com.hackops.bench.load.CpuMeter;
import com.hackops.bench.load.Paced;
import com.hackops.bench.load.Stats;
import com.hackops.bench.report.Results;
import com.hackops.bench.tenants.CreateTenants;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * S2: single usage increments (STORAGE_BYTES +1) over HTTP, each to a tenant picked at random among
 * {@code --tenant-count} tenants, from {@code --threads} closed-loop threads. With {@code --lag} it measures the
 * live projection lag meanwhile; with {@code --reads R} it also reads the usage endpoint at R req/s (S11).
 * After the runs it checks every tenant on the query side: usage = usage before + every acknowledged increment (no
 * lost or doubled update) and usage ≤ limit (no overrun).
 * It also records the CPU each serving process spent per increment over the measured runs ({@link CpuMeter}).
 * Options: --tenants FILE, --tenant-count, --threads, --warmup s, --duration s, --runs, --scenario, --prefix,
 * --lag true|false, --reads req/s, --read-threads, --cpu-pids group:pid,…, --clk-tck.
 */
public final class SpreadIncrements {

    static final String METRIC = "STORAGE_BYTES";
    static final String INCREMENT = "{\"metric\":\"" + METRIC + "\",\"delta\":1}";

    private SpreadIncrements() {
    }

    public static void run(Api api, Results results, Args args) throws Exception {
        List<String> tenants = CreateTenants.read(Path.of(args.required("tenants")), args.number("tenant-count", 1000));
        int threads = args.number("threads", 16);
        int runs = args.number("runs", 3);
        Duration warmup = args.seconds("warmup", 5);
        Duration duration = args.seconds("duration", 20);
        String scenario = args.text("scenario", "S2");
        String prefix = args.text("prefix", "increments");
        boolean lag = Boolean.parseBoolean(args.text("lag", "false"));
        double reads = Double.parseDouble(args.text("reads", "0"));
        int readThreads = args.number("read-threads", 8);

        UsageCheck.Usage[] before = UsageCheck.readAll(api, tenants, METRIC, null);
        AtomicLongArray accepted = new AtomicLongArray(tenants.size());
        AtomicLongArray versions = new AtomicLongArray(tenants.size());

        System.out.printf("%s: %d tenants, %d threads, warm-up %s%n", scenario, tenants.size(), threads, warmup);
        load(api, tenants, threads, warmup, accepted, versions, null);
        CpuMeter cpu = new CpuMeter(args.text("cpu-pids", ""), args.number("clk-tck", 100));
        Map<String, Double> cpuBefore = cpu.millis();
        double[] groupsBefore = groups(api);
        long measured = 0;
        long read = 0;
        for (int run = 1; run <= runs; run++) {
            LagProbe probe = lag ? new LagProbe(api, 50) : null;
            Thread readers = null;
            Stats[] readStats = new Stats[1];
            if (reads > 0) {
                readers = new Thread(() -> readStats[0] = Paced.run(reads, readThreads, duration, thread -> {
                    String tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
                    Api.Answer answer = api.query("/api/v1/tenants/" + tenant + "/usage");
                    return new ClosedLoop.Result(answer.ok() ? 1 : 0, answer.status());
                }), "readers");
                readers.start();
            }
            Stats writes = load(api, tenants, threads, duration, accepted, versions, probe);
            measured += writes.units();
            System.out.println(scenario + " run " + run + " writes: " + writes);
            results.stats(scenario, prefix, run, writes, "increments/s");
            if (probe != null) {
                Stats lagStats = probe.stop();
                System.out.println(scenario + " run " + run + " lag: " + lagStats);
                results.put(scenario, "lag_p50_ms", run, lagStats.millis(50), "ms");
                results.put(scenario, "lag_p99_ms", run, lagStats.millis(99), "ms");
                results.put(scenario, "lag_samples", run, lagStats.calls(), "samples");
            }
            if (readers != null) {
                readers.join();
                System.out.println(scenario + " run " + run + " reads: " + readStats[0]);
                results.stats(scenario, "reads", run, readStats[0], "req/s");
                read += readStats[0].units();
            }
        }
        Map<String, Double> cpuAfter = cpu.millis();
        double[] groupsAfter = groups(api);
        if (groupsAfter[1] > groupsBefore[1]) { // the command side commits reports in groups (its meter moved)
            results.put(scenario, "reports_per_transaction", 0,
                    (groupsAfter[0] - groupsBefore[0]) / (groupsAfter[1] - groupsBefore[1]), "reports");
        }
        CpuMeter.perUnit(cpuBefore, cpuAfter, measured).forEach((group, ms) ->
                results.put(scenario, "cpu_ms_per_increment_" + group, 0, ms, "ms"));
        if (read > 0) { // the query side's CPU over its reads (projecting the few writes meanwhile included)
            results.put(scenario, "cpu_ms_per_read_query_side", 0,
                    CpuMeter.perUnit(cpuBefore, cpuAfter, read).getOrDefault("query_side", 0.0), "ms");
        }
        check(api, results, scenario, tenants, before, accepted, versions);
    }

    /** The command side's group commit meter: reports committed and transactions (groups) so far. */
    private static double[] groups(Api api) {
        return new double[]{api.commandMeter("hackops_command_groups_sum"), api.commandMeter("hackops_command_groups_count")};
    }

    private static Stats load(Api api, List<String> tenants, int threads, Duration duration, AtomicLongArray accepted,
                              AtomicLongArray versions, LagProbe probe) {
        return ClosedLoop.run(threads, duration, duration.toSeconds() * 50_000 + 1_000, thread -> {
            int i = ThreadLocalRandom.current().nextInt(tenants.size());
            Api.Answer answer = api.command("POST", "/api/v1/tenants/" + tenants.get(i) + "/usage", INCREMENT);
            if (!answer.ok()) {
                return new ClosedLoop.Result(0, answer.status());
            }
            long version = answer.number("version");
            accepted.incrementAndGet(i);
            versions.accumulateAndGet(i, version, Math::max);
            if (probe != null) {
                probe.answered(tenants.get(i), version);
            }
            return new ClosedLoop.Result(1, answer.status());
        });
    }

    private static void check(Api api, Results results, String scenario, List<String> tenants,
                              UsageCheck.Usage[] before, AtomicLongArray accepted, AtomicLongArray versions) {
        long[] minVersions = new long[tenants.size()];
        for (int i = 0; i < minVersions.length; i++) {
            minVersions[i] = versions.get(i) == 0 ? -1 : versions.get(i);
        }
        UsageCheck.Usage[] after = UsageCheck.readAll(api, tenants, METRIC, minVersions);
        int overruns = 0;
        int mismatches = 0;
        for (int i = 0; i < tenants.size(); i++) {
            if (after[i].used() > after[i].limit()) {
                overruns++;
            }
            if (after[i].used() != before[i].used() + accepted.get(i)) {
                mismatches++;
                if (mismatches <= 5) {
                    System.out.printf("tenant %s: used %d, expected %d + %d%n", tenants.get(i), after[i].used(),
                            before[i].used(), accepted.get(i));
                }
            }
        }
        results.put(scenario, "overruns", 0, overruns, "tenants");
        results.put(scenario, "lost_or_doubled", 0, mismatches, "tenants");
    }
}
