package com.hackops.command.eventstore;

import org.axonframework.common.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the event store's readers that there may be new events: when this node commits events, and every
 * {@code pollInterval} for events that reach the store another way (another command-side node).
 * <p>
 * Why: Axon's pooled processor asks a stream that cannot signal new events again only every 500 ms (hard-coded), so
 * the Kafka publisher — and with it every read model — lagged up to half a second behind each write before it began.
 * A stream that can signal ({@link SignalledEventSource}) is asked as soon as it signals.
 * <p>
 * A commit after a quiet spell signals at once; later ones wait until {@code wakeInterval} has passed since the last
 * signal and are signalled together. Each signal costs the publisher a read of the store and a Kafka batch per
 * segment: signalled 50 ms apart under S2's load, those batches shrank so much that the pipeline spent 38 % more CPU
 * per increment; 200 ms apart it costs what the 500 ms poll did (BENCHMARKS.md).
 */
public final class AppendSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppendSignal.class);

    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final long wakeIntervalNanos;
    private volatile long lastSignal;

    public AppendSignal(Duration wakeInterval, Duration pollInterval) {
        this.wakeIntervalNanos = wakeInterval.toNanos();
        this.lastSignal = System.nanoTime() - wakeIntervalNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-store-signal");
            thread.setDaemon(true);
            return thread;
        });
        long poll = pollInterval.toNanos();
        timer.scheduleWithFixedDelay(this::signal, poll, poll, TimeUnit.NANOSECONDS);
    }

    /**
     * This node committed events: the listeners hear of it at once if the last signal is a wake interval ago, else
     * when it will be — once for all commits until then.
     */
    public void committed() {
        if (pending.compareAndSet(false, true)) {
            long wait = lastSignal + wakeIntervalNanos - System.nanoTime();
            timer.schedule(() -> {
                pending.set(false);
                signal();
            }, Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code listener} on every signal (on the signal's own thread: it must not block) until cancelled. */
    public Registration onSignal(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void signal() {
        lastSignal = System.nanoTime();
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // one listener's failure must not silence the others or stop the timer; it hears the next signal
                log.warn("an event-store reader failed to take a signal of new events", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
