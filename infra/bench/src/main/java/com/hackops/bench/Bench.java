package com.hackops.bench;

import com.hackops.bench.audit.Replay;
import com.hackops.bench.http.Api;
import com.hackops.bench.report.AllocationSummary;
import com.hackops.bench.report.ProfileSummary;
import com.hackops.bench.report.Report;
import com.hackops.bench.report.Results;
import com.hackops.bench.tenants.CreateTenants;
import com.hackops.bench.usage.HotTenant;
import com.hackops.bench.usage.SpreadIncrements;
import com.hackops.bench.usage.Warmup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The load generator of infra/bench: one command per scenario. infra/bench starts the services and the broker,
 * calls these commands, adds its own figures (pgbench, catch-up, memory) and then {@code report}.
 * <pre>
 *   create-tenants  S1: CreateTenant over HTTP; appends the new tenant ids to --out
 *   warmup          mixed load, nothing recorded
 *   spread          S2 (and S11 with --reads, the baseline with --scenario): single increments over many tenants
 *   hot             S3: one hot tenant, single or batch calls, then the limit races
 *   statement       S6: a tenant's statement by replay
 *   rebuild         S6: full-store replay into the inactive read-model generation
 *   report          BENCHMARKS.md's figures from the results file
 *   profile         where the CPU went in an async-profiler recording (--in FILE.collapsed [--threads TEXT]
 *                   [--frames A,B] [--top N])
 *   allocations     what threads allocated in a window of a JFR recording (--in FILE.jfr --from ISO --to ISO
 *                   [--threads NAME-PREFIX] [--top N])
 * </pre>
 * Common options: --command URL --query URL --token JWT --admin-token JWT --results FILE.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: Bench create-tenants|warmup|spread|hot|statement|rebuild|report|profile|allocations [--option value]...");
            System.exit(2);
        }
        Args args = new Args(argv, 1);
        if (argv[0].equals("report")) {
            Report.write(Path.of(args.required("results")), Path.of(args.required("out")));
            return;
        }
        if (argv[0].equals("profile")) {
            String frames = args.text("frames", "");
            ProfileSummary.print(Path.of(args.required("in")), args.text("threads", ""),
                    frames.isEmpty() ? List.of() : List.of(frames.split(",")), args.number("top", 30), System.out);
            return;
        }
        if (argv[0].equals("allocations")) {
            AllocationSummary.print(Path.of(args.required("in")), args.text("threads", "http-nio"),
                    Instant.parse(args.required("from")), Instant.parse(args.required("to")), args.number("top", 25),
                    System.out);
            return;
        }
        Api api = new Api(args.text("command", "http://127.0.0.1:18080"), args.text("query", "http://127.0.0.1:18081"),
                args.required("token"), args.required("admin-token"));
        Results results = new Results(Path.of(args.required("results")));
        switch (argv[0]) {
            case "create-tenants" -> CreateTenants.run(api, results, args);
            case "warmup" -> Warmup.run(api, args);
            case "spread" -> SpreadIncrements.run(api, results, args);
            case "hot" -> HotTenant.run(api, results, args);
            case "statement" -> Replay.statement(api, results, args);
            case "rebuild" -> Replay.rebuild(api, results, args);
            default -> throw new IllegalArgumentException("unknown command " + argv[0]);
        }
        System.exit(0); // the HTTP client's threads must not keep the JVM alive
    }
}
