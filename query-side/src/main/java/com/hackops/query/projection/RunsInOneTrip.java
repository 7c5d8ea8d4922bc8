package com.hackops.query.projection;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Applies the runs of many tenants in one round trip to the database, for runs of the event types it {@link #takes}:
 * for each run it binds the tenant, advances the tenant's stream if the run is the stream's next events, and writes
 * what every {@link TenantProjection} would write for the run. A poll or a rebuild chunk over many tenants then costs
 * one statement instead of several per tenant.
 * <p>
 * An implementation must leave exactly the rows the projections leave (FoldedRunIT compares them): no other
 * projection may react to the event types it takes.
 */
public interface RunsInOneTrip {

    /** Whether every event of the run is of the types this applies (the projector checks that the run is consecutive). */
    boolean takes(List<TenantEvent> run);

    /**
     * Applies each run that continues its tenant's stream (the stream at the run's first sequence - 1, not parked);
     * returns the tenants of the other runs, of which nothing was written. Each tenant has at most one run.
     */
    Set<UUID> apply(List<List<TenantEvent>> runs);
}
