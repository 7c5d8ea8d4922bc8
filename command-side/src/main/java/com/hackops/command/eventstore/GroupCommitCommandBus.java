package com.hackops.command.eventstore;

import com.hackops.command.rejection.Rejection;
import com.hackops.platform.failures.Causes;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * A command bus that commits the commands it may group — usage reports for many tenants, arriving together — in one
 * transaction: one {@code BEGIN}, one append of all their events, one {@code COMMIT} for the group instead of one
 * each. Every other command, and every grouped one when nothing else is waiting (after the linger, if one is set),
 * is handled as {@link SimpleCommandBus} handles it.
 * <p>
 * How: the request threads queue the command and wait for its answer (the gateway waits as it does for any
 * asynchronous bus); one committer thread takes whatever has queued up meanwhile (at most {@code maxGroup}) and runs it
 * in one {@link BatchingUnitOfWork}, each command through the bus's handler interceptors, in the order of the tenants'
 * identifiers (commands for one tenant keep their order). The commands that queue while a group commits form the next
 * one; alone, a command is a group of one. With a linger, a group that follows a group of several waits at most that
 * long for as many commands as the previous one held (as PostgreSQL's {@code commit_delay} waits only when other
 * transactions are active): groups then grow to the number of callers sending together.
 * <p>
 * Failure, member by member:
 * <ul>
 *   <li>a command refused by a business rule ({@link Rejection}) or for an unknown tenant has changed nothing (the
 *       handlers check before they apply, and undo what they claimed): it is answered with its refusal and the rest
 *       of the group commits;</li>
 *   <li>anything else before the commit — a lost append race with another node, an error — rolls the whole group
 *       back (the tenants' cached state is evicted with it), and every member is then handled again alone, on fresh
 *       state, so one member's failure is answered to that member only; a conflict there goes back to the gateway's
 *       retries as it would without grouping;</li>
 *   <li>a failed commit leaves unknown whether the group was stored: every member is answered with that failure, as
 *       a command committed alone would be, and none is handled again here.</li>
 * </ul>
 * Two nodes: each locks its group's tenants and appends their events in identifier order, so two groups wait for each
 * other's tenants in one direction only and cannot deadlock in PostgreSQL; a tenant written by both loses on the unique
 * key and is handled again as above.
 */
public class GroupCommitCommandBus extends SimpleCommandBus implements AutoCloseable {

    /**
     * The resource of a group's unit of work that lists its commands' targets in the order they run (the tenants'
     * cache checks them together by it, {@link StoreCheckedCache}).
     */
    public static final String GROUP_TARGETS = GroupCommitCommandBus.class.getName() + ".targets";
    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);
    private static final Duration IDLE_WAKE = Duration.ofMillis(200);

    private final TransactionManager transactions;
    private final Predicate<CommandMessage<?>> groupable;
    private final Function<CommandMessage<?>, String> target;
    private final int maxGroup;
    private final long lingerNanos;
    private final IntConsumer groupSizes;
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Member<?, ?>> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean running = true;

    /**
     * @param bus          the settings of the bus itself (its transaction manager must be {@code transactions})
     * @param groupable    which commands may be committed together with others
     * @param target       the aggregate a command is for: the order in which a group locks and appends
     * @param maxGroup     the most commands in one transaction
     * @param linger       how long a group may wait for more commands when the previous group had several (under
     *                     load, as PostgreSQL's {@code commit_delay}); zero takes only what has queued
     * @param groupSizes   told the size of every group committed (a meter)
     */
    public GroupCommitCommandBus(SimpleCommandBus.Builder bus, TransactionManager transactions,
                                 Predicate<CommandMessage<?>> groupable, Function<CommandMessage<?>, String> target,
                                 int maxGroup, Duration linger, IntConsumer groupSizes) {
        super(bus.transactionManager(transactions));
        if (maxGroup < 2) {
            throw new IllegalArgumentException("a group commits at least two commands: " + maxGroup);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("a group cannot linger for a negative time: " + linger);
        }
        this.transactions = transactions;
        this.groupable = groupable;
        this.target = target;
        this.maxGroup = maxGroup;
        this.lingerNanos = linger.toNanos();
        this.groupSizes = groupSizes;
        this.committer = new Thread(this::commitGroups, "command-group-commit");
        this.committer.setDaemon(true);
        this.committer.start();
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        Registration inner = super.registerHandlerInterceptor(interceptor);
        interceptors.add(interceptor);
        return () -> interceptors.remove(interceptor) & inner.cancel();
    }

    @Override
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> callback) {
        // a command sent while handling another (or on the committer itself) must not wait for the committer
        if (!running || CurrentUnitOfWork.isStarted() || !groupable.test(command)) {
            super.handle(command, handler, callback);
            return;
        }
        Member<C, R> member = new Member<>(command, handler, callback, target.apply(command), MDC.getCopyOfContextMap());
        queue.add(member);
        if (!running && queue.remove(member)) { // closed meanwhile: whoever takes it from the queue handles it
            super.handle(command, handler, callback);
        }
    }

    private void commitGroups() {
        List<Member<?, ?>> group = new ArrayList<>(maxGroup);
        int previous = 0;
        while (running || !queue.isEmpty()) {
            try {
                Member<?, ?> first = queue.poll(IDLE_WAKE.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    previous = 0;
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                boolean interrupted = previous > 1 && lingerNanos > 0 && lingerInterrupted(group, previous);
                previous = group.size();
                commit(group);
                if (interrupted) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            } catch (Throwable unexpected) {
                // whether their events were stored is unknown here: they are answered with the failure, not handled again
                log.error("group commit failed outside its unit of work", unexpected);
                group.stream().filter(member -> !member.settled).forEach(member -> member.fail(unexpected));
            } finally {
                group.clear();
            }
        }
        // closed, or interrupted: from now on commands run on their callers' threads (handle() checks running after
        // queueing), and what is left is handled here, not dropped — without an interrupt that arrived meanwhile,
        // which would fail their transactions (this thread ends here, so nothing else needs the flag)
        running = false;
        Thread.interrupted();
        for (Member<?, ?> left; (left = queue.poll()) != null; ) {
            handleAlone(left);
        }
    }

    /**
     * Under load, waits up to the linger for the group to hold as many commands as the previous one (and takes what
     * has queued meanwhile beyond that): groups grow to the number of callers sending together, and shrink after a
     * linger that ran out. A close ends the wait within 200 ms; an interrupt ends it at once (and the committer, once
     * the group it holds is committed: the transaction is not begun on an interrupted thread).
     *
     * @return whether the wait was interrupted
     */
    private boolean lingerInterrupted(List<Member<?, ?>> group, int previous) {
        long deadline = System.nanoTime() + lingerNanos;
        for (long left = lingerNanos; running && group.size() < previous && left > 0; left = deadline - System.nanoTime()) {
            Member<?, ?> more;
            try { // in slices, so that a close is seen within one
                more = queue.poll(Math.min(left, IDLE_WAKE.toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return true;
            }
            if (more != null) {
                group.add(more);
                queue.drainTo(group, maxGroup - group.size());
            }
        }
        return false;
    }

    private void commit(List<Member<?, ?>> group) {
        groupSizes.accept(group.size());
        if (group.size() == 1) {
            handleAlone(group.get(0));
            return;
        }
        group.sort(Comparator.comparing(member -> member.target));
        BatchingUnitOfWork<CommandMessage<?>> unitOfWork =
                new BatchingUnitOfWork<>(group.stream().<CommandMessage<?>>map(member -> member.command).toList());
        AtomicBoolean committing = new AtomicBoolean();
        AtomicBoolean committed = new AtomicBoolean();
        Throwable failure = null;
        try {
            unitOfWork.start();
            // the commit phase runs its handlers in reverse order of registration: this one runs right after the
            // transaction's commit (from there on the group's events are stored), the one registered after the
            // transaction's right before it (after every commit handler the members registered)
            unitOfWork.onCommit(u -> committed.set(true));
            unitOfWork.attachTransaction(transactions);
            unitOfWork.onCommit(u -> committing.set(true));
            unitOfWork.resources().put(GROUP_TARGETS, group.stream().map(member -> member.target).toList());
            Iterator<Member<?, ?>> next = group.iterator(); // the unit of work runs its messages in this order
            ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
                Member<?, ?> member = next.next();
                member.restoreLogContext();
                try {
                    Object answer = new DefaultInterceptorChain<>(unitOfWork, interceptors, member.handler).proceed();
                    member.outcome = answer;
                    return answer;
                } catch (Exception | Error e) {
                    member.outcome = e;
                    throw e;
                } finally {
                    MDC.clear();
                }
            }, refusalsKeepTheGroup());
            failure = result.optionalExceptionResult().orElse(null); // a failed commit is answered, not thrown
        } catch (RuntimeException | Error failed) {
            // the transaction could not begin (or the unit of work failed outside its commands): nothing of the group
            // may stay open on this thread
            failure = failed;
            if (unitOfWork.phase() == UnitOfWork.Phase.STARTED) {
                unitOfWork.rollback(failed);
            }
            log.warn("a group of {} commands could not be committed together; they are handled one by one",
                    group.size(), failed);
        }
        if (committed.get()) { // stored: handled again, they would be applied twice
            group.forEach(Member::answer);
        } else if (committing.get()) {
            // the commit itself failed: whether PostgreSQL stored the group is unknown, so each member hears that
            // failure, as a command committed alone would (handled again, it could be applied twice)
            Throwable commitFailure = failure != null ? failure : new IllegalStateException("the group's commit failed");
            log.warn("the commit of a group of {} commands failed; each is answered with the failure", group.size(),
                    commitFailure);
            group.forEach(member -> member.fail(commitFailure));
        } else { // rolled back before its commit (a member failed, or the transaction did not begin): nothing stored
            group.forEach(this::handleAlone);
        }
    }

    /** Refusals and unknown tenants changed nothing: they are answered, the rest of the group commits. */
    private static RollbackConfiguration refusalsKeepTheGroup() {
        return failure -> !(Causes.has(failure, Rejection.class) || Causes.has(failure, AggregateNotFoundException.class));
    }

    private <C, R> void handleAlone(Member<C, R> member) {
        member.settled = true;
        member.restoreLogContext();
        try {
            super.handle(member.command, member.handler, member.callback);
        } catch (RuntimeException | Error e) {
            member.fail(e);
        } finally {
            MDC.clear();
        }
    }

    /** The committer thread (tests interrupt it). */
    Thread committer() {
        return committer;
    }

    /** Stops grouping: what is queued is still handled, later commands are handled on their callers' threads. */
    @Override
    public void close() {
        running = false;
        try {
            committer.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Member<C, R> {
        private final CommandMessage<C> command;
        private final MessageHandler<? super CommandMessage<?>> handler;
        private final CommandCallback<? super C, ? super R> callback;
        private final String target;
        private final Map<String, String> logContext;
        private Object outcome;
        /** Answered or handed to be handled alone: never to be handled again. */
        private boolean settled;

        Member(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
               CommandCallback<? super C, ? super R> callback, String target, Map<String, String> logContext) {
            this.command = command;
            this.handler = handler;
            this.callback = callback;
            this.target = target;
            this.logContext = logContext;
        }

        void restoreLogContext() {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
        }

        void answer() {
            settled = true;
            callback.onResult(command, outcome instanceof Throwable failure
                    ? GenericCommandResultMessage.asCommandResultMessage(failure)
                    : GenericCommandResultMessage.asCommandResultMessage(outcome));
        }

        void fail(Throwable failure) {
            settled = true;
            callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(failure));
        }
    }
}
