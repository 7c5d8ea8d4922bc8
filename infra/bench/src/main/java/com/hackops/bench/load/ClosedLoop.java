package com.hackops.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: a fixed number of platform threads, each sending its next call when the previous one answered,
 * until the duration is over or the call budget is spent (whichever first: every loop is bounded in time and count).
 */
public final class ClosedLoop {

    /** One call; returns the units it did (0 when refused or failed) and the HTTP status. */
    public interface Call {
        Result call(int thread);
    }

    public record Result(long units, int status) {
    }

    private ClosedLoop() {
    }

    public static Stats run(int threads, Duration duration, long maxCalls, Call call) {
        AtomicLong budget = new AtomicLong(maxCalls);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Stats> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Stats stats = new Stats();
            perThread.add(stats);
            int thread = t;
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end && budget.getAndDecrement() > 0) {
                    long sent = System.nanoTime();
                    Result result = call.call(thread);
                    stats.record(System.nanoTime() - sent, result.units(), result.status());
                }
            }, "load-" + t);
            workers.add(worker);
            worker.start();
        }
        Stats total = new Stats();
        for (int t = 0; t < threads; t++) {
            join(workers.get(t));
            total.add(perThread.get(t));
        }
        total.seconds((System.nanoTime() - start) / 1e9);
        return total;
    }

    static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
