package com.hackops.command.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How the Kafka publisher hears of new events: this node's commits signal at once after a quiet spell and at most
 * once per wake interval, the poll signals when nothing has for a poll interval (another node's events), and the store
 * signals after a commit only.
 */
class AppendSignalTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private AppendSignal signal;

    @AfterEach
    void close() {
        signal.close();
    }

    @Test
    void a_commit_after_a_quiet_spell_signals_at_once_and_later_ones_wait_for_the_wake_interval() {
        signal = new AppendSignal(HOUR, HOUR);
        AtomicInteger heard = new AtomicInteger();
        signal.onSignal(heard::incrementAndGet);

        signal.committed();
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() == 1);
        signal.committed();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> heard.get() == 1);
    }

    @Test
    void commits_within_the_wake_interval_are_signalled_once() {
        signal = new AppendSignal(Duration.ofMillis(300), HOUR);
        AtomicInteger heard = new AtomicInteger();
        signal.onSignal(heard::incrementAndGet);
        signal.committed();
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() == 1);

        for (int i = 0; i < 100; i++) {
            signal.committed();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() == 2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> heard.get() == 2);
    }

    @Test
    void without_commits_the_poll_interval_signals_for_events_stored_by_other_nodes() {
        signal = new AppendSignal(Duration.ofMillis(10), Duration.ofMillis(50));
        AtomicInteger heard = new AtomicInteger();
        signal.onSignal(heard::incrementAndGet);

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 3);
    }

    @Test
    void a_failing_listener_neither_silences_the_others_nor_ends_the_poll_and_a_cancelled_one_hears_nothing() {
        signal = new AppendSignal(Duration.ZERO, Duration.ofMillis(50));
        AtomicInteger heard = new AtomicInteger();
        AtomicInteger cancelledHeard = new AtomicInteger();
        signal.onSignal(() -> {
            throw new IllegalStateException("a broken reader");
        });
        signal.onSignal(heard::incrementAndGet);
        signal.onSignal(() -> {
            throw new AssertionError("another broken reader");
        });
        signal.onSignal(cancelledHeard::incrementAndGet).cancel();

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() >= 3);
        assertThat(cancelledHeard).hasValue(0);
    }

    @Test
    void the_store_signals_once_its_unit_of_work_has_committed_and_not_when_it_rolls_back() {
        signal = new AppendSignal(Duration.ZERO, HOUR);
        AtomicInteger heard = new AtomicInteger();
        signal.onSignal(heard::incrementAndGet);
        EmbeddedEventStore store = EventStreams.signalling(EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine() {
                    @Override
                    public void appendEvents(List<? extends EventMessage<?>> events) {
                        if (events.stream().anyMatch(e -> "refused".equals(e.getPayload()))) {
                            throw new IllegalStateException("the append failed: the transaction rolls back");
                        }
                        super.appendEvents(events);
                    }
                }).optimizeEventConsumption(false), signal);

        UnitOfWork<?> failing = DefaultUnitOfWork.startAndGet(null);
        store.publish(new GenericDomainEventMessage<>("Tenant", "tenant-a", 0, "refused"));
        assertThatThrownBy(failing::commit).hasMessageContaining("the append failed");

        UnitOfWork<?> committed = DefaultUnitOfWork.startAndGet(null);
        store.publish(event("tenant-b", 0));
        committed.onCommit(u -> await("no signal while the unit commits").during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2)).until(() -> heard.get() == 0));
        committed.commit();

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> heard.get() == 1);
        store.shutDown();
    }

    @Test
    void the_sources_streams_take_a_callback_that_each_signal_runs_until_the_stream_is_closed() throws Exception {
        signal = new AppendSignal(Duration.ZERO, HOUR);
        EmbeddedEventStore store = EventStreams.signalling(
                EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).optimizeEventConsumption(false),
                signal);
        SignalledEventSource source = new SignalledEventSource(store, signal);
        AtomicInteger replaced = new AtomicInteger();
        AtomicInteger woken = new AtomicInteger();

        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(source.createTailToken());
        assertThat(stream.setOnAvailableCallback(replaced::incrementAndGet)).as("the processor relies on the callback").isTrue();
        assertThat(stream.setOnAvailableCallback(woken::incrementAndGet)).isTrue();
        assertThat(stream.hasNextAvailable()).isFalse();

        store.publish(event("tenant-c", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() == 1);
        assertThat(replaced).as("a stream has one callback: the last one set").hasValue(0);
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("tenant-c:0");

        stream.close();
        store.publish(event("tenant-c", 1));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> woken.get() == 1);
        store.shutDown();
    }

    private static GenericDomainEventMessage<String> event(String tenant, long sequence) {
        return new GenericDomainEventMessage<>("Tenant", tenant, sequence, tenant + ":" + sequence);
    }
}
