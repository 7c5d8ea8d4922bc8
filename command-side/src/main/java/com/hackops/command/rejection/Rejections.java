package com.hackops.command.rejection;

import java.util.Map;

/** Factory of the rejections that carry nothing but a kind and a message. */
public final class Rejections {

    private Rejections() {
    }

    public static Rejection of(RejectionKind kind, String message) {
        return new Simple(kind, message, Map.of());
    }

    public static Rejection of(RejectionKind kind, String message, Map<String, Object> details) {
        return new Simple(kind, message, details);
    }

    public static Rejection tenantNotFound() {
        return of(RejectionKind.NOT_FOUND, "No such tenant.");
    }

    private static final class Simple extends Rejection {
        Simple(RejectionKind kind, String message, Map<String, Object> details) {
            super(kind, message, details);
        }
    }
}
