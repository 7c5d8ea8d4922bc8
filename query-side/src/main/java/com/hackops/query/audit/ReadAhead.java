package com.hackops.query.audit;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Items read on a thread of their own and taken, in the order read, by one consumer while the reading goes on: at
 * most {@code capacity} (by weight) wait between the two. A reading that failed — however — reaches the consumer as a
 * failure after the items read before it, never as an end. Closing stops a reading under way and waits until its
 * thread has let go of whatever it held; a reading that has not started by then never starts.
 */
final class ReadAhead<T> implements AutoCloseable {

    /** An item and the room it takes, weighed once. */
    private record Entry<T>(T item, int weight) {
    }

    /** Reads items into {@code sink}, in order, on the reading thread. */
    interface Source<T> {
        void read(Consumer<T> sink);
    }

    private static final Entry<?> END = new Entry<>(null, 0);
    private static final int NEW = 0;
    private static final int READING = 1;
    private static final int CANCELLED = 2;

    private final int capacity;
    private final ToIntFunction<T> weight;
    private final BlockingQueue<Entry<?>> items = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile boolean completed;
    private volatile Throwable failure;

    /** Each item weighs at least 1 and at most {@code capacity}. */
    ReadAhead(int capacity, ToIntFunction<T> weight) {
        this.capacity = capacity;
        this.weight = weight;
        this.room = new Semaphore(capacity);
    }

    /** Starts reading {@code source} on a thread of {@code executor}. */
    ReadAhead<T> start(Executor executor, Source<T> source) {
        executor.execute(() -> read(source));
        return this;
    }

    private void read(Source<T> source) {
        if (!state.compareAndSet(NEW, READING)) {
            return;
        }
        try {
            source.read(this::put);
            completed = true;
        } catch (Throwable e) {
            failure = e;
        } finally {
            items.add(END);
            finished.countDown();
        }
    }

    private void put(T item) {
        int weighs = weightOf(item);
        if (!closed) {
            room.acquireUninterruptibly(weighs);
        }
        if (closed) {
            throw new CancellationException("the consumer stopped");
        }
        items.add(new Entry<>(item, weighs));
    }

    private int weightOf(T item) {
        int weighs = weight.applyAsInt(item);
        if (weighs < 1 || weighs > capacity) {
            throw new IllegalArgumentException("an item weighs 1 to " + capacity + ", not " + weighs);
        }
        return weighs;
    }

    /** The next item, or {@code null} after the last; a reading that did not complete is thrown here. */
    @SuppressWarnings("unchecked")
    T take() {
        Entry<?> entry;
        try {
            entry = items.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the reading", e);
        }
        if (entry == END) {
            items.add(END);
            if (!completed) {
                Throwable cause = failure;
                throw cause instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("reading ahead failed: " + cause, cause);
            }
            return null;
        }
        room.release(entry.weight());
        return (T) entry.item();
    }

    @Override
    public void close() {
        closed = true;
        if (state.compareAndSet(NEW, CANCELLED)) {
            return;
        }
        // a reading waiting for room wakes up, finds the consumer gone and stops (no interrupt reaches its JDBC calls)
        room.release(capacity);
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
