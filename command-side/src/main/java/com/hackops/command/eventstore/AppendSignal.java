package com.hackops.command.eventstore;

import org.axonframework.common.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * commit's signal and are signalled together. The poll signals only when nothing has for a whole {@code pollInterval}
 * (under load the commits' signals read the other nodes' events as well). Each signal costs the publisher a read of
 * the store and a Kafka batch per segment: signalled 50 ms apart under S2's load, those batches shrank so much that
 * the pipeline spent 38 % more CPU per increment; 200 ms apart it costs what the 500 ms poll did (BENCHMARKS.md).
 */
public final class AppendSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppendSignal.class);

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final long wakeIntervalNanos;
    private final long pollIntervalNanos;
    /** When a commit last signalled: commits are merged within a wake interval of it. */
    private volatile long lastCommitSignal;
    /** When anything last signalled: the poll signals only when nothing has for a poll interval. */
    private volatile long lastSignal;

    public AppendSignal(Duration wakeInterval, Duration pollInterval) {
        if (wakeInterval.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the stream wake interval must not be negative and the poll interval "
                    + "must be positive: " + wakeInterval + ", " + pollInterval);
        }
        this.wakeIntervalNanos = wakeInterval.toNanos();
        this.pollIntervalNanos = pollInterval.toNanos();
        long now = System.nanoTime();
        this.lastCommitSignal = now - wakeIntervalNanos;
        this.lastSignal = now;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-store-signal");
            thread.setDaemon(true);
            return thread;
        });
        long check = Math.max(1, pollIntervalNanos / 5);
        timer.scheduleWithFixedDelay(this::poll, check, check, TimeUnit.NANOSECONDS);
    }

    /**
     * This node committed events: the listeners hear of it at once if the last commit's signal is a wake interval
     * ago, else when it will be — once for all commits until then.
     */
    public void committed() {
        if (pending.compareAndSet(false, true)) {
            long wait = lastCommitSignal + wakeIntervalNanos - System.nanoTime();
            timer.schedule(() -> {
                pending.set(false);
                lastCommitSignal = System.nanoTime();
                signal();
            }, Math.max(0, wait), TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code action} on every signal (on the signal's own thread: it must not block) until cancelled. */
    public Registration onSignal(Runnable action) {
        Listener listener = new Listener(action);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many listeners hear the signals (the streams the Kafka publisher has open). */
    int listeners() {
        return listeners.size();
    }

    /** Events may have reached the store another way (another node): signal if nothing did for a poll interval. */
    private void poll() {
        if (System.nanoTime() - lastSignal >= pollIntervalNanos) {
            signal();
        }
    }

    private void signal() {
        lastSignal = System.nanoTime();
        for (Listener listener : listeners) {
            try {
                listener.action().run();
            } catch (Throwable e) {
                // one listener's failure must neither silence the others nor end the poll; it hears the next signal
                log.warn("an event-store reader failed to take a signal of new events", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One registration (identity, not the action: the same action registered twice is cancelled once each). */
    private static final class Listener {

        private final Runnable action;

        private Listener(Runnable action) {
            this.action = action;
        }

        Runnable action() {
            return action;
        }
    }
}
