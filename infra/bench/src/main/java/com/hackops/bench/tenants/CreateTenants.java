package com.hackops.bench.tenants;

import com.hackops.bench.Args;
import com.hackops.bench.http.Api;
import com.hackops.bench.load.ClosedLoop;
import com.hackops.bench.load.Stats;
import com.hackops.bench.report.Results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S1: CreateTenant over HTTP (TenantCreated, MemberAdded and a slug claim per tenant). The created ids are appended
 * to {@code --out}: the other scenarios spread their load over them.
 * Options: --count per run, --runs, --threads, --plan, --out FILE, --scenario (S1, or "none" to record nothing).
 */
public final class CreateTenants {

    private static final AtomicLong SLUGS = new AtomicLong();

    private CreateTenants() {
    }

    public static void run(Api api, Results results, Args args) throws IOException {
        int count = args.number("count", 1000);
        int runs = args.number("runs", 1);
        int threads = args.number("threads", 8);
        String plan = args.text("plan", "ENTERPRISE");
        String scenario = args.text("scenario", "S1");
        Path out = Path.of(args.required("out"));
        String prefix = "b" + Long.toString(System.currentTimeMillis(), 36);
        for (int run = 1; run <= runs; run++) {
            Queue<String> ids = new ConcurrentLinkedQueue<>();
            Stats stats = ClosedLoop.run(threads, Duration.ofMinutes(10), count, thread -> {
                Api.Answer answer = create(api, prefix, plan);
                if (answer.ok()) {
                    ids.add(answer.text("tenantId"));
                }
                return new ClosedLoop.Result(answer.ok() ? 1 : 0, answer.status());
            });
            System.out.println(scenario + " run " + run + ": " + stats);
            if (!scenario.equals("none")) {
                results.stats(scenario, "create_tenants", run, stats, "tenants/s");
            }
            Files.write(out, List.copyOf(ids), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Creates one tenant on {@code plan}; the caller (the token's user) becomes its OWNER. */
    public static Api.Answer create(Api api, String prefix, String plan) {
        String slug = prefix + "-" + SLUGS.incrementAndGet();
        return api.command("POST", "/api/v1/tenants",
                "{\"name\":\"Bench " + slug + "\",\"slug\":\"" + slug + "\",\"plan\":\"" + plan + "\"}");
    }

    /** Creates one tenant and returns its id, or fails. */
    public static String createOne(Api api, String plan) {
        Api.Answer answer = create(api, "h" + Long.toString(System.nanoTime(), 36), plan);
        if (!answer.ok()) {
            throw new IllegalStateException("CreateTenant answered " + answer.status() + ": " + answer.body());
        }
        return answer.text("tenantId");
    }

    public static List<String> read(Path file, int limit) throws IOException {
        List<String> ids = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).limit(limit).toList();
        if (ids.isEmpty()) {
            throw new IllegalStateException("no tenants in " + file);
        }
        return ids;
    }
}
