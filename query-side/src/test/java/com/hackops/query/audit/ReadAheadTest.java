package com.hackops.query.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The rebuild's read-ahead: order, the bound on what waits, failures and stopping, with in-memory sources. */
@Timeout(30)
class ReadAheadTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void every_item_arrives_in_the_order_read_and_no_more_than_the_capacity_waits() {
        AtomicInteger read = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        List<Integer> got = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<Integer>(10, item -> 1 + item % 3).start(executor, sink -> {
            for (int i = 0; i < 5_000; i++) {
                sink.accept(i);
                read.addAndGet(1 + i % 3);
                mostWaiting.accumulateAndGet(read.get() - taken.get(), Math::max);
            }
        })) {
            for (Integer item = ahead.take(); item != null; item = ahead.take()) {
                got.add(item);
                taken.addAndGet(1 + item % 3);
            }
            assertThat(ahead.take()).as("after the last, again").isNull();
        }
        assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 5_000).boxed().toList());
        // what was read and not yet taken never exceeded the capacity (plus the item being counted)
        assertThat(mostWaiting.get()).isLessThanOrEqualTo(10 + 3);
    }

    @Test
    void the_reading_waits_for_room_when_the_consumer_is_behind() {
        AtomicInteger read = new AtomicInteger();
        try (ReadAhead<Integer> ahead = new ReadAhead<Integer>(4, item -> 2).start(executor, sink -> {
            for (int i = 0; i < 10; i++) {
                sink.accept(i);
                read.incrementAndGet();
            }
        })) {
            await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> read.get() == 2);
            assertThat(ahead.take()).isZero();
            await().atMost(2, TimeUnit.SECONDS).until(() -> read.get() == 3);
        }
    }

    @Test
    void a_failure_of_the_reading_reaches_the_consumer_after_the_items_before_it() {
        IllegalStateException broken = new IllegalStateException("a stored event no projection can read");
        try (ReadAhead<Integer> ahead = new ReadAhead<Integer>(100, item -> 1).start(executor, sink -> {
            sink.accept(1);
            sink.accept(2);
            throw broken;
        })) {
            assertThat(ahead.take()).isEqualTo(1);
            assertThat(ahead.take()).isEqualTo(2);
            assertThatThrownBy(ahead::take).isSameAs(broken);
        }
    }

    @Test
    void closing_stops_a_reading_that_waits_for_room_and_waits_for_its_thread() {
        AtomicBoolean readerDone = new AtomicBoolean();
        ReadAhead<Integer> ahead = new ReadAhead<Integer>(1, item -> 1).start(executor, sink -> {
            try {
                sink.accept(1);
                for (int i = 2; ; i++) {
                    sink.accept(i);
                }
            } finally {
                readerDone.set(true);
            }
        });
        assertThat(ahead.take()).isEqualTo(1);
        ahead.close();
        assertThat(readerDone).as("the reading's thread ended before close returned").isTrue();
    }

    @Test
    void closing_before_the_reading_starts_returns_at_once_and_the_reading_never_runs() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        AtomicBoolean read = new AtomicBoolean();
        ReadAhead<Integer> ahead = new ReadAhead<Integer>(1, item -> 1).start(queued::add, sink -> read.set(true));
        ahead.close();
        queued.forEach(Runnable::run);
        assertThat(read).isFalse();
    }

    @Test
    void a_reading_that_ends_in_an_error_is_a_failure_not_an_end() {
        try (ReadAhead<Integer> ahead = new ReadAhead<Integer>(10, item -> 1).start(executor, sink -> {
            sink.accept(1);
            throw new StackOverflowError("deep");
        })) {
            assertThat(ahead.take()).isEqualTo(1);
            assertThatThrownBy(ahead::take).isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(StackOverflowError.class).hasMessageContaining("deep");
        }
    }

    @Test
    void a_consumer_that_stops_early_stops_a_reading_that_waits_for_room() {
        AtomicInteger read = new AtomicInteger();
        try (ReadAhead<Integer> ahead = new ReadAhead<Integer>(2, item -> 1).start(executor, sink -> {
            for (int i = 0; i < 1_000_000; i++) {
                sink.accept(i);
                read.incrementAndGet();
            }
        })) {
            assertThat(ahead.take()).isZero();
        }
        assertThat(read.get()).isLessThan(10);
    }

    @Test
    void an_item_heavier_than_the_capacity_is_refused() {
        try (ReadAhead<Integer> ahead = new ReadAhead<Integer>(2, item -> item).start(executor, sink -> sink.accept(3))) {
            assertThatThrownBy(ahead::take).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 2");
        }
    }
}
