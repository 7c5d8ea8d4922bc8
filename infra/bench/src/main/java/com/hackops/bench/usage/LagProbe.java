package com.hackops.bench.usage;

import com.hackops.bench.http.Api;
import com.hackops.bench.load.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Live projection lag: every {@code interval} it takes the latest answered write (tenant, version, when it was
 * answered) and reads that tenant's usage with {@code minVersion} = that version; the query side answers as soon
 * as its read models applied the version (it polls every 15 ms). Lag = answer time − write answer time, an upper
 * bound that includes one read and up to 15 ms of polling granularity. A 503 (3 s without the version) counts as 3 s.
 * A probe waits for its answer (a few hundred ms under load), so one alone takes only ~60 samples in 20 s, and their
 * p99 is their maximum: {@value #PROBES} probes sample side by side, each on its own connection and started a
 * fraction of the interval after the previous one.
 */
final class LagProbe {

    record Ack(String tenant, long version, long answeredNanos) {
    }

    static final int PROBES = 4;

    private final AtomicReference<Ack> latest = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Stats> stats = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    LagProbe(Api api, long intervalMillis) {
        for (int p = 0; p < PROBES; p++) {
            Stats own = new Stats();
            long offsetNanos = intervalMillis * 1_000_000 * p / PROBES;
            Thread thread = new Thread(() -> {
                LockSupport.parkNanos(offsetNanos);
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
                    own.record(answer.status() == 503 ? Math.max(lag, 3_000_000_000L) : lag, answer.ok() ? 1 : 0,
                            answer.status());
                }
            }, "lag-probe-" + p);
            thread.setDaemon(true);
            stats.add(own);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    void answered(String tenant, long version) {
        latest.set(new Ack(tenant, version, System.nanoTime()));
    }

    Stats stop() {
        running.set(false);
        Stats all = new Stats();
        for (int p = 0; p < threads.size(); p++) {
            try {
                threads.get(p).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            all.add(stats.get(p));
        }
        return all;
    }
}
