package com.hackops.events.types;

/**
 * What a tenant uses. All four are gauges: deltas may be negative and usage never goes below zero.
 * {@link #ADMINS} is not reported by clients: it is the number of members whose role is OWNER or ADMIN.
 */
public enum Metric {
    EVENTS,
    PARTICIPANTS,
    STORAGE_BYTES,
    ADMINS;

    public boolean reportedByClients() {
        return this != ADMINS;
    }
}
