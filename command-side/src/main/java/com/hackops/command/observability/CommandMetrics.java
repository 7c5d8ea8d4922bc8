package com.hackops.command.observability;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.usage.ItemOutcome;
import com.hackops.command.usage.UsageLimits;
import com.hackops.command.usage.UsageReceipt;
import com.hackops.events.types.Metric;
import com.hackops.platform.failures.Causes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts every handling of a command once its unit of work has ended (Axon's interceptor auto-configuration registers
 * this bean on the command bus):
 * <ul>
 *   <li>{@code hackops.commands{type,outcome}}: {@code type} is the command's class ({@code TrackUsage}, …);
 *       {@code outcome} is {@code success} (committed), the problem type of a business rule that refused it
 *       ({@code limit-exceeded}, {@code not-found} also for an unknown tenant, …), {@code conflict} (lost an append race to another node; the
 *       gateway retries it, and the retry is counted again) or {@code error} — a command whose group commit was rolled
 *       back for another member is counted with the group's failure, and again when it is handled alone;</li>
 *   <li>{@code hackops.usage.refusals{metric}}: increments refused by a plan limit — a refused single report, and
 *       each limit-refused item of a committed batch. Idempotent replays count nothing (they record nothing).</li>
 * </ul>
 */
@Component
class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    static final String COMMANDS = "hackops.commands";
    static final String REFUSALS = "hackops.usage.refusals";

    private final MeterRegistry meters;
    private final Map<Metric, Counter> refusals = new EnumMap<>(Metric.class);

    CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (Metric metric : Metric.values()) {
            refusals.put(metric, Counter.builder(REFUSALS).tag("metric", metric.name())
                    .description("usage increments refused by a plan limit").register(meters));
        }
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
        AtomicReference<Object> result = new AtomicReference<>();
        // counted once: a refused command committed in a group with others sees its group's commit, not a rollback
        AtomicBoolean counted = new AtomicBoolean();
        unitOfWork.afterCommit(u -> {
            if (counted.compareAndSet(false, true)) {
                count(type, "success");
                if (result.get() instanceof UsageReceipt receipt && !receipt.replayed()) {
                    receipt.items().stream().filter(item -> UsageLimits.LIMIT_EXCEEDED.equals(item.refusal()))
                            .map(ItemOutcome::metric).forEach(metric -> refusals.get(metric).increment());
                }
            }
        });
        unitOfWork.onRollback(u -> {
            if (counted.compareAndSet(false, true)) {
                failed(type, causeOf(u.getExecutionResult()));
            }
        });
        try {
            Object answer = chain.proceed();
            result.set(answer);
            return answer;
        } catch (Exception e) {
            if (counted.compareAndSet(false, true)) {
                failed(type, e);
            }
            throw e;
        }
    }

    private void failed(String type, Throwable cause) {
        Rejection rejection = Causes.find(cause, Rejection.class);
        if (rejection != null) {
            count(type, rejection.kind().slug());
            if (rejection.kind() == RejectionKind.LIMIT_EXCEEDED && rejection.details().get("metric") instanceof Metric metric) {
                refusals.get(metric).increment();
            }
        } else if (Causes.has(cause, AggregateNotFoundException.class)) {
            count(type, RejectionKind.NOT_FOUND.slug());
        } else {
            count(type, Causes.has(cause, ConcurrencyException.class) ? "conflict" : "error");
        }
    }

    private void count(String type, String outcome) {
        Counter.builder(COMMANDS).tag("type", type).tag("outcome", outcome)
                .description("commands handled, by type and outcome").register(meters).increment();
    }

    private static Throwable causeOf(ExecutionResult result) {
        return result != null && result.isExceptionResult() ? result.getExceptionResult() : null;
    }
}
