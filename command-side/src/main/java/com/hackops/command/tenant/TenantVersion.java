package com.hackops.command.tenant;

/**
 * The tenant's version after a command: the sequence number of its last event. The query API accepts it to
 * wait until its read models have caught up with the caller's own write.
 */
public record TenantVersion(long version) {
}
