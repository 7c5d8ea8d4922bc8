package com.hackops.command.eventstore;

import org.axonframework.common.Registration;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event store as a source for streaming processors whose streams signal new events ({@link AppendSignal})
 * instead of being asked again every 500 ms. Everything else is the store's own: tokens, reading, gaps.
 */
public final class SignalledEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final AppendSignal signal;

    public SignalledEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, AppendSignal signal) {
        this.store = store;
        this.signal = signal;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new SignalledStream(store.openStream(trackingToken), signal);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    private static final class SignalledStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final AppendSignal signal;
        private Registration callback;

        private SignalledStream(BlockingStream<TrackedEventMessage<?>> events, AppendSignal signal) {
            this.events = events;
            this.signal = signal;
        }

        /** Axon's processor then asks for events when told to, and otherwise only every few seconds. */
        @Override
        public synchronized boolean setOnAvailableCallback(Runnable callback) {
            cancelCallback();
            this.callback = signal.onSignal(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public boolean hasNextAvailable() {
            return events.hasNextAvailable();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            cancelCallback();
            events.close();
        }

        private synchronized void cancelCallback() {
            if (callback != null) {
                callback.cancel();
                callback = null;
            }
        }
    }
}
