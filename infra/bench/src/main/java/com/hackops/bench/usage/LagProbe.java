package com.hackops.bench.usage;

import com.hackops.bench.http.Api;
import com.hackops.bench.load.Stats;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Live projection lag: every {@code interval} it takes the latest answered write (tenant, version, when it was
 * answered) and reads that tenant's usage with {@code minVersion} = that version; the query side answers as soon
 * as its read models applied the version (it polls every 15 ms). Lag = answer time − write answer time, an upper
 * bound that includes one read and up to 15 ms of polling granularity. A 503 (3 s without the version) counts as 3 s.
 */
final class LagProbe {

    record Ack(String tenant, long version, long answeredNanos) {
    }

    private final AtomicReference<Ack> latest = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Stats stats = new Stats();
    private final Thread thread;

    LagProbe(Api api, long intervalMillis) {
        thread = new Thread(() -> {
            long last = -1;
            while (running.get()) {
                LockSupport.parkNanos(intervalMillis * 1_000_000);
                Ack ack = latest.get();
                if (ack == null || ack.answeredNanos() == last) {
                    continue;
                }
                last = ack.answeredNanos();
                Api.Answer answer = api.query("/api/v1/tenants/" + ack.tenant() + "/usage?minVersion=" + ack.version());
                long lag = System.nanoTime() - ack.answeredNanos();
                stats.record(answer.status() == 503 ? Math.max(lag, 3_000_000_000L) : lag, answer.ok() ? 1 : 0,
                        answer.status());
            }
        }, "lag-probe");
        thread.setDaemon(true);
        thread.start();
    }

    void answered(String tenant, long version) {
        latest.set(new Ack(tenant, version, System.nanoTime()));
    }

    Stats stop() {
        running.set(false);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stats;
    }
}
