package com.hackops.command.rejection;

import java.util.Map;

/**
 * A command refused by a business rule. The aggregate throws it; nothing is recorded. Each kind has a stable
 * name that the web layer turns into a problem {@code type} URI and an HTTP status, so the domain never
 * speaks HTTP. {@code details} become extension members of the problem document.
 */
public abstract class Rejection extends RuntimeException {

    private final RejectionKind kind;
    private final transient Map<String, Object> details;

    protected Rejection(RejectionKind kind, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.details = Map.copyOf(details);
    }

    protected Rejection(RejectionKind kind, String message) {
        this(kind, message, Map.of());
    }

    public RejectionKind kind() {
        return kind;
    }

    public Map<String, Object> details() {
        return details;
    }
}
