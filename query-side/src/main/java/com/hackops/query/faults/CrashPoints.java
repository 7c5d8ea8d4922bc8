package com.hackops.query.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * <b>Test only.</b> Halts the JVM at the query side's crash-safety boundary, so a test can crash it exactly there
 * rather than hope a {@code kill -9} lands in the window: {@code hackops.faults.crash-at=<point>} arms a point,
 * {@code hackops.faults.crash-after=<n>} (default 1) crashes the n-th time it is reached. The halt is
 * {@link Runtime#halt} — no shutdown hooks, no consumer leaving its group, nothing committed to Kafka, like
 * {@code kill -9} — with status {@value #EXIT_STATUS}, after one log line naming the point. Unset (always, in
 * production) a reached point costs one comparison of a final field. The command side has its own, with its points.
 */
@Component
public class CrashPoints {

    /** The exit status of a halt at a crash point (a {@code kill -9} shows as 137). */
    public static final int EXIT_STATUS = 86;

    /** The boundaries, named in the property as in {@link #property()}. */
    public enum Point {
        /** A poll's read-model transaction committed; the container has not committed the records' offsets. */
        AFTER_WRITE_BEFORE_OFFSET;

        public String property() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    private final Point armed;
    private final int crashAfter;
    private final AtomicInteger reached = new AtomicInteger();

    CrashPoints(@Value("${hackops.faults.crash-at:}") String crashAt, @Value("${hackops.faults.crash-after:1}") int crashAfter) {
        if (crashAfter < 1) {
            throw new IllegalArgumentException("hackops.faults.crash-after must be at least 1, not " + crashAfter);
        }
        this.armed = crashAt.isBlank() ? null : Arrays.stream(Point.values())
                .filter(point -> point.property().equals(crashAt.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("hackops.faults.crash-at: unknown crash point '" + crashAt
                        + "' of the query side (one of " + Arrays.stream(Point.values()).map(Point::property).toList() + ")"));
        this.crashAfter = crashAfter;
        if (armed != null) {
            log.warn("TEST-ONLY crash point armed: the JVM halts the {}. time it reaches {} (hackops.faults.crash-at; "
                    + "never set in production)", crashAfter, armed.property());
        }
    }

    /**
     * Marks that {@code point} was reached; halts the JVM when it is the armed point reached the crash-after-th time.
     * {@code moment} says what had just happened, for the log line (only computed then).
     */
    public void reach(Point point, Supplier<String> moment) {
        if (point == armed && reached.incrementAndGet() == crashAfter) {
            log.error("CRASH POINT {} reached ({}. time): {}; halting the JVM with status {}", point.property(), crashAfter,
                    moment.get(), EXIT_STATUS);
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
