package com.hackops.command.eventstore;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries a command that lost an append race after a capped exponential pause with full jitter, so two nodes
 * that collided on a tenant do not collide again in lock step.
 */
final class JitteredRetryScheduler extends AbstractRetryScheduler {

    private static final long CAP_MILLIS = 200;

    private final long baseMillis;

    private JitteredRetryScheduler(Builder builder) {
        super(builder);
        this.baseMillis = builder.baseMillis;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    protected long computeRetryInterval(CommandMessage commandMessage, RuntimeException lastFailure,
                                        List<Class<? extends Throwable>[]> failures) {
        long ceiling = Math.min(CAP_MILLIS, baseMillis << Math.min(failures.size(), 16));
        return 1 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
    }

    static final class Builder extends AbstractRetryScheduler.Builder<Builder> {

        private long baseMillis = 5;

        Builder baseMillis(long baseMillis) {
            this.baseMillis = Math.max(1, baseMillis);
            return this;
        }

        JitteredRetryScheduler build() {
            validate();
            return new JitteredRetryScheduler(this);
        }
    }
}
