package com.hackops.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a target rate: call k is due at start + k / rate, and thread (k mod threads) sends it. Latency is
 * measured from when the call was due, not from when it was sent, so a slow answer that delays the next calls is
 * counted in their latency too (no coordinated omission).
 */
public final class Paced {

    private Paced() {
    }

    public static Stats run(double ratePerSecond, int threads, Duration duration, ClosedLoop.Call call) {
        long interval = (long) (1e9 / ratePerSecond);
        long total = (long) (duration.toNanos() / (double) interval);
        long start = System.nanoTime();
        List<Stats> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Stats stats = new Stats();
            perThread.add(stats);
            int thread = t;
            Thread worker = new Thread(() -> {
                for (long k = thread; k < total; k += threads) {
                    long due = start + k * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    ClosedLoop.Result result = call.call(thread);
                    stats.record(System.nanoTime() - due, result.units(), result.status());
                }
            }, "paced-" + t);
            workers.add(worker);
            worker.start();
        }
        Stats all = new Stats();
        for (int t = 0; t < threads; t++) {
            ClosedLoop.join(workers.get(t));
            all.add(perThread.get(t));
        }
        all.seconds((System.nanoTime() - start) / 1e9);
        return all;
    }
}
