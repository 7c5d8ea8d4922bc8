package com.hackops.bench.usage;

import com.hackops.bench.Args;
import com.hackops.bench.http.Api;
import com.hackops.bench.load.ClosedLoop;
import com.hackops.bench.load.CpuMeter;
import com.hackops.bench.load.Stats;
import com.hackops.bench.report.Results;
import com.hackops.bench.tenants.CreateTenants;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3: every call goes to one tenant, so every write serializes on its aggregate. {@code --batch 0}: single
 * increments from {@code --threads} threads; {@code --batch N}: batch calls of N items (+1 each), counted in
 * accepted increments. Then the limit races on fresh tenants (ENTERPRISE: 5,000 PARTICIPANTS): all threads add +1
 * (single, or batches) until the limit refuses them; exactly the limit must be accepted and shown.
 * Options: --threads, --batch, --warmup s, --duration s, --runs, --race true|false.
 */
public final class HotTenant {

    private static final String PARTICIPANT = "{\"metric\":\"PARTICIPANTS\",\"delta\":1}";

    private HotTenant() {
    }

    public static void run(Api api, Results results, Args args) {
        int threads = args.number("threads", 16);
        int batch = args.number("batch", 0);
        int runs = args.number("runs", 3);
        Duration warmup = args.seconds("warmup", 3);
        Duration duration = args.seconds("duration", 10);
        String kind = batch > 0 ? "batch" : "single";
        String tenant = CreateTenants.createOne(api, "ENTERPRISE");
        String path = "/api/v1/tenants/" + tenant + "/usage" + (batch > 0 ? "/batch" : "");
        String body = batch > 0 ? batchOf(SpreadIncrements.INCREMENT, batch) : SpreadIncrements.INCREMENT;

        System.out.printf("S3 %s: tenant %s, %d threads, warm-up %s%n", kind, tenant, threads, warmup);
        AtomicLong accepted = new AtomicLong();
        AtomicLong version = new AtomicLong(-1);
        ClosedLoop.Call call = thread -> {
            Api.Answer answer = api.command("POST", path, body);
            long units = !answer.ok() ? 0 : batch > 0 ? answer.number("accepted") : 1;
            accepted.addAndGet(units);
            if (answer.ok()) {
                version.accumulateAndGet(answer.number("version"), Math::max);
            }
            return new ClosedLoop.Result(units, answer.status());
        };
        ClosedLoop.run(threads, warmup, warmup.toSeconds() * 100_000 + 100, call);
        // CPU is read with the pipeline drained (the read models at the last version answered), after the warm-up
        // and after the runs: a batch's events reach the query side well after its call, and the warm-up's backlog
        // would be counted in the runs' share while the runs' own would not
        UsageCheck.read(api, tenant, SpreadIncrements.METRIC, version.get());
        CpuMeter cpu = new CpuMeter(args.text("cpu-pids", ""), args.number("clk-tck", 100));
        Map<String, Double> cpuBefore = cpu.millis();
        long calls = 0;
        for (int run = 1; run <= runs; run++) {
            Stats stats = ClosedLoop.run(threads, duration, duration.toSeconds() * 100_000 + 100, call);
            System.out.println("S3 " + kind + " run " + run + ": " + stats);
            results.stats("S3", kind, run, stats, "increments/s");
            calls += stats.calls() - stats.failed();
        }
        long shown = UsageCheck.read(api, tenant, SpreadIncrements.METRIC, version.get()).used();
        // per answered call: one increment, or a batch's 1,000 (a batch's share per increment would round away)
        CpuMeter.perUnit(cpuBefore, cpu.millis(), calls).forEach((group, ms) ->
                results.put("S3", "cpu_ms_per_" + kind + "_call_" + group, 0, ms, "ms"));
        results.put("S3", kind + "_lost_or_doubled", 0, Math.abs(shown - accepted.get()), "increments");
        if (Boolean.parseBoolean(args.text("race", "true"))) {
            race(api, results, threads, batch);
        }
    }

    /** All threads add PARTICIPANTS +1 to a fresh tenant until refused; records |accepted − limit| and |shown − limit|. */
    private static void race(Api api, Results results, int threads, int batch) {
        String tenant = CreateTenants.createOne(api, "ENTERPRISE");
        String kind = batch > 0 ? "batch" : "single";
        String path = "/api/v1/tenants/" + tenant + "/usage" + (batch > 0 ? "/batch" : "");
        String body = batch > 0 ? batchOf(PARTICIPANT, batch) : PARTICIPANT;
        AtomicLong accepted = new AtomicLong();
        AtomicLong version = new AtomicLong(-1);
        long limit = UsageCheck.read(api, tenant, "PARTICIPANTS", 0).limit();
        // every call beyond the limit's worth must be refused: the budget leaves 4 extra calls per thread
        long budget = (batch > 0 ? (limit + batch - 1) / batch : limit) + threads * 4L;
        Stats stats = ClosedLoop.run(threads, Duration.ofSeconds(120), budget, thread -> {
            Api.Answer answer = api.command("POST", path, body);
            long units = !answer.ok() ? 0 : batch > 0 ? answer.number("accepted") : 1;
            accepted.addAndGet(units);
            if (answer.ok()) {
                version.accumulateAndGet(answer.number("version"), Math::max);
            }
            return new ClosedLoop.Result(units, answer.status());
        });
        long shown = UsageCheck.read(api, tenant, "PARTICIPANTS", version.get()).used();
        System.out.printf("S3 %s limit race: %d accepted of limit %d, shown %d (%s)%n", kind, accepted.get(), limit, shown, stats);
        // beyond the limit: an overrun; shown ≠ accepted: a lost or doubled update; fewer than the limit accepted
        // although every call was made: refused capacity (when the time bound stopped the race first, that is unknown)
        long shortfall = stats.calls() >= budget ? Math.max(0, limit - accepted.get()) : 0;
        results.put("S3", kind + "_race_overrun", 0,
                Math.max(0, accepted.get() - limit) + Math.abs(shown - accepted.get()) + shortfall, "increments");
        if (stats.calls() < budget) {
            results.put("S3", kind + "_race_unfinished_calls", 0, budget - stats.calls(), "calls");
        }
    }

    static String batchOf(String item, int n) {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append(item);
        }
        return json.append("]}").toString();
    }
}
