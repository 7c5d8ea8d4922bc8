package com.hackops.bench.audit;

import com.hackops.bench.Args;
import com.hackops.bench.http.Api;
import com.hackops.bench.report.Results;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * S6: billing by replay of the event store. {@code statement}: a tenant's statement over all its history, timed on
 * the client; events/s = events the statement covers / seconds. {@code rebuild}: the read models rebuilt from the
 * whole store into the inactive generation; the rate is the one the rebuild job reports (events done / its time),
 * and with {@code --changes N} (the usage changes in the store) the changes replayed per second in that time too.
 */
public final class Replay {

    private Replay() {
    }

    public static void statement(Api api, Results results, Args args) {
        String tenant = args.required("tenant");
        int runs = args.number("runs", 3);
        String to = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String path = "/api/v1/tenants/" + tenant + "/billing/statement?from=2000-01-01T00:00:00Z&to=" + to;
        for (int run = 0; run <= runs; run++) { // run 0 warms the path up and is not recorded
            long start = System.nanoTime();
            Api.Answer answer = api.admin("GET", path); // platform admin: no membership lookup in the timing
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!answer.ok()) {
                throw new IllegalStateException("statement answered " + answer.status() + ": " + answer.body());
            }
            long events = answer.number("count");
            System.out.printf("S6 statement run %d: %d events in %.2f s = %.0f events/s%n", run, events, seconds, events / seconds);
            if (run > 0) {
                results.put("S6", "statement_events", run, events, "events");
                results.put("S6", "statement_seconds", run, seconds, "s");
                results.put("S6", "statement_per_s", run, events / seconds, "events/s");
            }
        }
    }

    public static void rebuild(Api api, Results results, Args args) {
        int runs = args.number("runs", 1);
        long changes = Long.parseLong(args.text("changes", "0")); // the usage changes in the store, counted by infra/bench
        for (int run = 1; run <= runs; run++) {
            Api.Answer started = api.admin("POST", "/api/v1/admin/rebuilds");
            if (!started.ok()) {
                throw new IllegalStateException("rebuild answered " + started.status() + ": " + started.body());
            }
            String id = started.text("id");
            Api.Answer job = started;
            long deadline = System.nanoTime() + 1_800_000_000_000L; // 30 minutes at most
            while (!"DONE".equals(job.text("phase")) && !"FAILED".equals(job.text("phase")) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(250_000_000L);
                job = api.admin("GET", "/api/v1/admin/rebuilds/" + id);
            }
            if (!"DONE".equals(job.text("phase"))) {
                throw new IllegalStateException("rebuild did not finish: " + job.body());
            }
            double rate = Double.parseDouble(job.body().replaceAll(".*\"eventsPerSecond\":([0-9.]+).*", "$1"));
            System.out.printf("S6 rebuild run %d: %d events, %.0f events/s%n", run, job.number("eventsDone"), rate);
            results.put("S6", "rebuild_events", run, job.number("eventsDone"), "events");
            results.put("S6", "rebuild_per_s", run, rate, "events/s");
            if (changes > 0 && rate > 0) {
                double seconds = job.number("eventsDone") / rate;
                results.put("S6", "rebuild_changes_per_s", run, changes / seconds, "changes/s");
            }
        }
    }
}
