package com.hackops.command.eventstore;

import com.hackops.platform.failures.Causes;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries a command that lost an append race after a capped exponential pause with full jitter, so two nodes
 * that collided on a tenant do not collide again in lock step.
 * <p>
 * Only a lost append race is retried: its events were refused by the unique (aggregate, sequence) index, so nothing
 * was recorded and running the command again on fresh state is safe. Any other failure may have happened after
 * PostgreSQL committed — a connection lost during COMMIT reports a failed commit (or a failed rollback) for a
 * transaction that did commit — and running the command again would record it a second time (a usage call without
 * an Idempotency-Key), or answer a rejection for what was in fact done (a removal answered 404). Those failures go
 * to the caller, who retries with its Idempotency-Key. (Found by the chaos suite, infra/chaos: the gateway retried
 * every failure that was not explicitly non-transient.)
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

    /** Everything but a lost append race is final for this scheduler, whatever else the predicate allows. */
    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        return !Causes.has(failure, ConcurrencyException.class);
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
