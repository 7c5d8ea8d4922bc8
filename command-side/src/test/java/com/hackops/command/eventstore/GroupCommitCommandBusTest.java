package com.hackops.command.eventstore;

import com.hackops.command.rejection.Rejection;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The group commit's own rules, with handlers that say what they do: which commands share a transaction, in which
 * order, what a refusal and what a failure do to the rest of the group. (Grouped usage reports against the real store,
 * over two nodes: {@code UsageRaceIT}.)
 */
class GroupCommitCommandBusTest {

    /**
     * {@code behaviour}: ok, refuse, fail-once, block and hold (each waits for the test once), or anything else
     * (answered as is).
     */
    record Report(String tenant, String behaviour) implements GroupCommitted {
    }

    record Other(String name) {
    }

    private final List<String> transactions = new CopyOnWriteArrayList<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    private final List<Object> targetsSeen = new CopyOnWriteArrayList<>();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    private final CountDownLatch blocking = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> handlingThreads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean beginFails = new AtomicBoolean();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger failingCommit = new AtomicInteger();

    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch releaseHold = new CountDownLatch(1);
    private GroupCommitCommandBus bus = newBus(Duration.ZERO);
    private long groupOfTwoReleased;

    private GroupCommitCommandBus newBus(Duration linger) {
        GroupCommitCommandBus bus = new GroupCommitCommandBus(SimpleCommandBus.builder(), recordingTransactions(),
                command -> command.getPayload() instanceof GroupCommitted,
                command -> ((Report) command.getPayload()).tenant(), 16, linger, groupSizes::add);
        bus.subscribe(Report.class.getName(), command -> {
            Report report = (Report) command.getPayload();
            String name = report.tenant() + ":" + report.behaviour();
            handled.add(name);
            handlingThreads.add(Thread.currentThread());
            targetsSeen.add(String.valueOf(
                    CurrentUnitOfWork.get().root().<Object>getResource(GroupCommitCommandBus.GROUP_TARGETS)));
            switch (report.behaviour()) {
                case "refuse" -> throw Rejections.of(RejectionKind.INVALID_COMMAND, "refused " + name);
                case "fail-once" -> {
                    if (failedOnce.add(name)) {
                        throw new IllegalStateException("failed " + name);
                    }
                }
                case "block" -> {
                    blocking.countDown();
                    assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                }
                case "hold" -> {
                    holding.countDown();
                    assertThat(releaseHold.await(10, TimeUnit.SECONDS)).isTrue();
                }
                default -> {
                }
            }
            return name;
        });
        bus.subscribe(Other.class.getName(), command -> {
            handlingThreads.add(Thread.currentThread());
            return ((Other) command.getPayload()).name();
        });
        return bus;
    }

    @AfterEach
    void close() {
        release.countDown();
        releaseHold.countDown();
        bus.close();
    }

    @Test
    void what_queues_while_a_group_commits_is_the_next_group_handled_in_tenant_order_and_a_refusal_keeps_the_rest()
            throws Exception {
        FutureCallback<Object, Object> blocker = occupyTheCommitter();
        FutureCallback<Object, Object> c = send(new Report("c", "ok"));
        FutureCallback<Object, Object> refused = send(new Report("a", "refuse"));
        FutureCallback<Object, Object> b = send(new Report("b", "ok"));
        FutureCallback<Object, Object> a = send(new Report("a", "ok"));
        release.countDown();

        assertThat(answer(blocker)).isEqualTo("m:block");
        assertThat(answer(c)).isEqualTo("c:ok");
        assertThat(answer(b)).isEqualTo("b:ok");
        assertThat(answer(a)).isEqualTo("a:ok");
        CommandResultMessage<?> refusal = refused.getResult(10, TimeUnit.SECONDS);
        assertThat(refusal.isExceptional()).isTrue();
        assertThat(refusal.exceptionResult()).isInstanceOf(Rejection.class);

        assertThat(groupSizes).containsExactly(1, 4);
        // one tenant's commands keep their order; the group goes by tenant
        assertThat(handled).containsExactly("m:block", "a:refuse", "a:ok", "b:ok", "c:ok");
        assertThat(transactions).containsExactly("begin", "commit", "begin", "commit");
        // what the tenants' cache checks in one statement (StoreCheckedCache): the group's targets, in order
        assertThat(targetsSeen).containsExactly("null", "[a, a, b, c]", "[a, a, b, c]", "[a, a, b, c]", "[a, a, b, c]");
    }

    @Test
    void a_member_that_fails_rolls_its_group_back_and_every_member_is_handled_again_alone() throws Exception {
        FutureCallback<Object, Object> blocker = occupyTheCommitter();
        FutureCallback<Object, Object> x = send(new Report("x", "ok"));
        FutureCallback<Object, Object> y = send(new Report("y", "fail-once"));
        FutureCallback<Object, Object> z = send(new Report("z", "ok"));
        release.countDown();

        assertThat(answer(blocker)).isEqualTo("m:block");
        assertThat(answer(x)).isEqualTo("x:ok");
        assertThat(answer(y)).as("its failure was the group's; alone it succeeds").isEqualTo("y:fail-once");
        assertThat(answer(z)).isEqualTo("z:ok");

        assertThat(handled).containsExactly("m:block", "x:ok", "y:fail-once", "x:ok", "y:fail-once", "z:ok");
        assertThat(transactions).containsExactly("begin", "commit", "begin", "rollback",
                "begin", "commit", "begin", "commit", "begin", "commit");
    }

    @Test
    void a_group_whose_transaction_cannot_begin_is_handled_alone_and_leaves_nothing_open() throws Exception {
        FutureCallback<Object, Object> blocker = occupyTheCommitter();
        beginFails.set(true); // the next transaction: the group's
        FutureCallback<Object, Object> p = send(new Report("p", "ok"));
        FutureCallback<Object, Object> q = send(new Report("q", "ok"));
        release.countDown();

        assertThat(answer(blocker)).isEqualTo("m:block");
        assertThat(answer(p)).isEqualTo("p:ok");
        assertThat(answer(q)).isEqualTo("q:ok");
        assertThat(handled).containsExactly("m:block", "p:ok", "q:ok");
        assertThat(transactions).containsExactly("begin", "commit", "begin failed", "begin", "commit", "begin", "commit");
        // no unit of work of the group is left on the committer: the next group is one transaction of its own
        assertThat(answer(send(new Report("after", "ok")))).isEqualTo("after:ok");
        assertThat(transactions.subList(7, transactions.size())).containsExactly("begin", "commit");
    }

    @Test
    void a_group_whose_commit_fails_answers_every_member_with_that_failure_and_handles_none_again() throws Exception {
        FutureCallback<Object, Object> blocker = occupyTheCommitter();
        failingCommit.set(2); // the blocker's transaction commits first, the group's second
        FutureCallback<Object, Object> p = send(new Report("p", "ok"));
        FutureCallback<Object, Object> q = send(new Report("q", "ok"));
        release.countDown();

        assertThat(answer(blocker)).isEqualTo("m:block");
        for (FutureCallback<Object, Object> member : List.of(p, q)) {
            CommandResultMessage<?> result = member.getResult(10, TimeUnit.SECONDS);
            assertThat(result.isExceptional()).as("told it failed, not that it was stored").isTrue();
            assertThat(result.exceptionResult()).hasMessageContaining("connection lost during COMMIT");
        }
        assertThat(groupSizes).containsExactly(1, 2);
        assertThat(handled).as("once each: whether the group was stored is unknown")
                .containsExactly("m:block", "p:ok", "q:ok");
        assertThat(transactions).containsExactly("begin", "commit", "begin", "commit failed", "rollback");
        assertThat(answer(send(new Report("after", "ok")))).isEqualTo("after:ok");
    }

    @Test
    void under_load_a_group_waits_up_to_the_linger_for_as_many_reports_as_the_previous_group_held() throws Exception {
        // a linger far longer than an answer may take: a is answered only because b completed the group
        FutureCallback<Object, Object> a = aReportAfterAGroupOfTwo(Duration.ofSeconds(60));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !a.isDone()); // waits for b
        FutureCallback<Object, Object> b = send(new Report("b", "ok"));

        assertThat(answer(a)).isEqualTo("a:ok");
        assertThat(answer(b)).isEqualTo("b:ok");
        assertThat(groupSizes).containsExactly(1, 2, 2);
        assertThat(transactions).containsExactly("begin", "commit", "begin", "commit", "begin", "commit");
    }

    @Test
    void a_linger_that_runs_out_commits_what_it_has() throws Exception {
        FutureCallback<Object, Object> a = aReportAfterAGroupOfTwo(Duration.ofMillis(300));

        assertThat(answer(a)).isEqualTo("a:ok");
        assertThat(Duration.ofNanos(System.nanoTime() - groupOfTwoReleased)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(groupSizes).containsExactly(1, 2, 1);
        // not lingering again: the last group held one
        assertThat(answer(send(new Report("c", "ok")))).isEqualTo("c:ok");
        assertThat(groupSizes).containsExactly(1, 2, 1, 1);
    }

    @Test
    void a_committer_interrupted_while_it_lingers_commits_what_it_holds_and_later_reports_run_on_their_callers_threads()
            throws Exception {
        FutureCallback<Object, Object> a = aReportAfterAGroupOfTwo(Duration.ofSeconds(60));
        Thread committer = bus.committer();
        // waiting with a report queued means holding it in the linger (a poll with a report queued returns at once)
        await().atMost(Duration.ofSeconds(10)).until(() -> committer.getState() == Thread.State.TIMED_WAITING);
        assertThat(a.isDone()).isFalse();
        committer.interrupt();

        assertThat(answer(a)).isEqualTo("a:ok");
        committer.join(10_000);
        assertThat(committer.isAlive()).isFalse();
        assertThat(answer(send(new Report("b", "ok")))).isEqualTo("b:ok");
        assertThat(handlingThreads.get(handlingThreads.size() - 1)).isEqualTo(Thread.currentThread());
        assertThat(groupSizes).containsExactly(1, 2, 1);
    }

    /**
     * A report sent while a group of two commits, on a bus with the given linger: the committer takes it next, after a
     * group of two ({@code m} alone, then {@code h} holding the group open and {@code x}).
     */
    private FutureCallback<Object, Object> aReportAfterAGroupOfTwo(Duration linger) throws Exception {
        bus.close();
        bus = newBus(linger);
        FutureCallback<Object, Object> blocker = occupyTheCommitter();
        FutureCallback<Object, Object> h = send(new Report("h", "hold"));
        FutureCallback<Object, Object> x = send(new Report("x", "ok"));
        release.countDown();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        FutureCallback<Object, Object> a = send(new Report("a", "ok"));
        groupOfTwoReleased = System.nanoTime(); // the linger for a starts after this
        releaseHold.countDown();
        assertThat(answer(blocker)).isEqualTo("m:block");
        assertThat(answer(h)).isEqualTo("h:hold");
        assertThat(answer(x)).isEqualTo("x:ok");
        return a;
    }

    @Test
    void other_commands_and_every_command_after_close_are_handled_on_the_callers_thread() throws Exception {
        assertThat(answer(send(new Other("plan change")))).isEqualTo("plan change");
        assertThat(handlingThreads).containsExactly(Thread.currentThread());

        assertThat(answer(send(new Report("a", "ok")))).isEqualTo("a:ok");
        assertThat(handlingThreads.get(1)).as("a report goes to the committer").isNotEqualTo(Thread.currentThread());

        bus.close();
        assertThat(answer(send(new Report("a", "ok")))).isEqualTo("a:ok");
        assertThat(handlingThreads.get(2)).isEqualTo(Thread.currentThread());
    }

    /** A report whose handling waits for {@code release}: what is sent meanwhile queues up as the next group. */
    private FutureCallback<Object, Object> occupyTheCommitter() throws InterruptedException {
        FutureCallback<Object, Object> blocker = send(new Report("m", "block"));
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private FutureCallback<Object, Object> send(Object payload) {
        FutureCallback<Object, Object> callback = new FutureCallback<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(payload), callback);
        return callback;
    }

    private static Object answer(FutureCallback<Object, Object> callback) {
        CommandResultMessage<?> result = callback.getResult(10, TimeUnit.SECONDS);
        assertThat(result.isExceptional()).as("exceptional: %s", result.optionalExceptionResult()).isFalse();
        return result.getPayload();
    }

    private TransactionManager recordingTransactions() {
        return () -> {
            if (beginFails.getAndSet(false)) {
                transactions.add("begin failed");
                throw new IllegalStateException("no connection");
            }
            transactions.add("begin");
            return new Transaction() {
                @Override
                public void commit() {
                    if (commits.incrementAndGet() == failingCommit.get()) {
                        transactions.add("commit failed");
                        throw new IllegalStateException("connection lost during COMMIT");
                    }
                    transactions.add("commit");
                }

                @Override
                public void rollback() {
                    transactions.add("rollback");
                }
            };
        };
    }
}
