package com.hackops.query.projection;

/**
 * A read model fed by tenant events. {@link #apply} runs inside the projector's transaction with the event's
 * tenant bound, after the effectively-once guard: it sees each event exactly once, in stream order, and writes only
 * that tenant's rows. It ignores the event types it does not care about.
 */
public interface TenantProjection {

    void apply(TenantEvent event);

    /**
     * Consecutive events of one tenant, in stream order (a run the projector applies at once); a projection may fold
     * them into fewer statements, as long as its rows end as {@link #apply} one by one would leave them. Projections
     * are independent of each other: each gets the whole run in turn.
     */
    default void applyAll(java.util.List<TenantEvent> events) {
        events.forEach(this::apply);
    }
}
