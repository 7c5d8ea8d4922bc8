package com.hackops.query.projection;

/**
 * A read model fed by tenant events. {@link #apply} runs inside the projector's transaction with the event's
 * tenant bound, after the effectively-once guard: it sees each event exactly once, in stream order, and writes only
 * that tenant's rows. It ignores the event types it does not care about.
 */
public interface TenantProjection {

    void apply(TenantEvent event);
}
