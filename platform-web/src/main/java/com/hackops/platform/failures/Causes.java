package com.hackops.platform.failures;

import java.util.function.Predicate;

/**
 * A failure and its causes, outermost first: frameworks wrap what went wrong (Axon's execution exceptions, Spring's
 * data access and transaction exceptions, the JDBC driver's), so a decision about a failure looks at the whole chain.
 */
public final class Causes {

    /**
     * Deeper than any wrapping seen here; a chain that loops back on itself ends here instead of never (and a cause
     * deeper than this is not found).
     */
    private static final int MAX_DEPTH = 64;

    private Causes() {
    }

    /** The outermost failure in the chain that is a {@code type}, or null. */
    public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Throwable found = first(failure, type::isInstance);
        return found == null ? null : type.cast(found);
    }

    /** Whether the failure or one of its causes is a {@code type}. */
    public static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return first(failure, type::isInstance) != null;
    }

    /** Whether the failure or one of its causes is what {@code test} looks for. */
    public static boolean any(Throwable failure, Predicate<? super Throwable> test) {
        return first(failure, test) != null;
    }

    private static Throwable first(Throwable failure, Predicate<? super Throwable> test) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (test.test(t)) {
                return t;
            }
        }
        return null;
    }
}
