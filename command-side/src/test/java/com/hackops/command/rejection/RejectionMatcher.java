package com.hackops.command.rejection;

import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Matches a {@link Rejection} by its kind, and optionally some of its details: the kind is what a client sees
 * as the problem type, so asserting the class alone would let a wrong refusal pass.
 */
public final class RejectionMatcher extends TypeSafeMatcher<Rejection> {

    private final RejectionKind kind;
    private final Map<String, Object> details;

    private RejectionMatcher(RejectionKind kind, Map<String, Object> details) {
        this.kind = kind;
        this.details = details;
    }

    public static RejectionMatcher rejectedAs(RejectionKind kind) {
        return new RejectionMatcher(kind, Map.of());
    }

    public RejectionMatcher withDetail(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new RejectionMatcher(kind, more);
    }

    @Override
    protected boolean matchesSafely(Rejection rejection) {
        return rejection.kind() == kind && details.entrySet().stream()
                .allMatch(detail -> Objects.equals(detail.getValue(), rejection.details().get(detail.getKey())));
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a " + kind + " rejection");
        if (!details.isEmpty()) {
            description.appendText(" with details " + details);
        }
    }

    @Override
    protected void describeMismatchSafely(Rejection rejection, Description mismatch) {
        mismatch.appendText("was a " + rejection.kind() + " rejection with details " + rejection.details()
                + ": " + rejection.getMessage());
    }
}
