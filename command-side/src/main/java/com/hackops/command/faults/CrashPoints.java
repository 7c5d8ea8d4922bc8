package com.hackops.command.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * <b>Test only.</b> Halts the JVM at one of the command side's crash-safety boundaries, so a test can crash it exactly
 * there rather than hope a {@code kill -9} lands in the window: {@code hackops.faults.crash-at=<point>} arms a point,
 * {@code hackops.faults.crash-after=<n>} (default 1) crashes the n-th time it is reached. The halt is
 * {@link Runtime#halt} — no shutdown hooks, no graceful shutdown, open transactions cut off, like {@code kill -9} —
 * with status {@value #EXIT_STATUS}, after one log line naming the point. Unset (always, in production) a reached
 * point costs one comparison of a final field.
 */
@Component
public class CrashPoints {

    /** The exit status of a halt at a crash point (a {@code kill -9} shows as 137). */
    public static final int EXIT_STATUS = 86;

    /** The boundaries, named in the property as in {@link #property()}. */
    public enum Point {
        /** A keyed usage call committed its transaction (events, idempotency key and receipt); no answer sent yet. */
        AFTER_COMMIT_BEFORE_ANSWER,
        /** Kafka acknowledged a batch of the publisher; the processor's token update has not committed. */
        AFTER_KAFKA_SEND_BEFORE_TOKEN;

        public String property() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    private final Point armed;
    private final int crashAfter;
    private final IntConsumer halt;
    private final AtomicInteger reached = new AtomicInteger();

    @Autowired
    CrashPoints(@Value("${hackops.faults.crash-at:}") String crashAt, @Value("${hackops.faults.crash-after:1}") int crashAfter) {
        this(crashAt, crashAfter, status -> Runtime.getRuntime().halt(status));
    }

    CrashPoints(String crashAt, int crashAfter, IntConsumer halt) {
        this.armed = crashAt.isBlank() ? null : pointNamed(crashAt.trim());
        if (crashAfter < 1) {
            throw new IllegalArgumentException("hackops.faults.crash-after must be at least 1, not " + crashAfter);
        }
        this.crashAfter = crashAfter;
        this.halt = halt;
        if (armed != null) {
            log.warn("TEST-ONLY crash point armed: the JVM halts the {}. time it reaches {} (hackops.faults.crash-at; "
                    + "never set in production)", crashAfter, armed.property());
        }
    }

    /** No point armed (for code built outside Spring). */
    public static CrashPoints none() {
        return new CrashPoints("", 1, status -> { });
    }

    /**
     * Marks that {@code point} was reached; halts the JVM when it is the armed point reached the crash-after-th time.
     * {@code moment} says what had just happened, for the log line (only computed then).
     */
    public void reach(Point point, Supplier<String> moment) {
        if (point != armed) {
            return;
        }
        if (reached.incrementAndGet() == crashAfter) {
            log.error("CRASH POINT {} reached ({}. time): {}; halting the JVM with status {}", point.property(), crashAfter,
                    moment.get(), EXIT_STATUS);
            halt.accept(EXIT_STATUS);
        }
    }

    private static Point pointNamed(String name) {
        return Arrays.stream(Point.values()).filter(p -> p.property().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("hackops.faults.crash-at: unknown crash point '" + name
                        + "' (one of " + Arrays.stream(Point.values()).map(Point::property).toList() + ")"));
    }
}
