package com.hackops.bench.usage;

import com.hackops.bench.Args;
import com.hackops.bench.http.Api;
import com.hackops.bench.load.ClosedLoop;
import com.hackops.bench.load.Stats;
import com.hackops.bench.tenants.CreateTenants;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Warms both services up (JIT, pools, caches) with the calls the scenarios make: single and batch increments,
 * tenant creations and usage reads over the given tenants. Records nothing.
 * Options: --tenants FILE, --tenant-count, --seconds, --threads.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void run(Api api, Args args) throws Exception {
        List<String> tenants = CreateTenants.read(Path.of(args.required("tenants")), args.number("tenant-count", 1000));
        String batch = HotTenant.batchOf(SpreadIncrements.INCREMENT, 100);
        String prefix = "w" + Long.toString(System.currentTimeMillis(), 36);
        Stats stats = ClosedLoop.run(args.number("threads", 8), args.seconds("seconds", 20), 5_000_000, thread -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String tenant = "/api/v1/tenants/" + tenants.get(random.nextInt(tenants.size()));
            // as many dashboard reads as increments: the JIT must have compiled the read path before S11 measures it
            int kind = random.nextInt(20);
            Api.Answer answer = kind < 9 ? api.command("POST", tenant + "/usage", SpreadIncrements.INCREMENT)
                    : kind < 10 ? api.command("POST", tenant + "/usage/batch", batch)
                    : kind < 11 ? CreateTenants.create(api, prefix, "ENTERPRISE")
                    : api.query(tenant + "/usage");
            return new ClosedLoop.Result(answer.ok() ? 1 : 0, answer.status());
        });
        System.out.println("warm-up: " + stats);
    }
}
