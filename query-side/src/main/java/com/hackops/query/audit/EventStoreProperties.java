package com.hackops.query.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Read-only access to the command side's event store for audits, as-of queries and rebuilds. The role
 * (hackops_audit) may only SELECT events: an audit can never change what it audits.
 *
 * @param fetchBytes how much of the store one reader may hold at a time: its cursor fetches as many rows as fit when
 *                   every row were the largest event ({@link EventStoreReader#LARGEST_EVENT}), and the driver refuses
 *                   a fetch of more than twice this ({@code maxResultBuffer}) with an error instead of running the
 *                   service out of memory
 */
@ConfigurationProperties("hackops.audit.event-store")
public record EventStoreProperties(@DefaultValue("jdbc:postgresql://127.0.0.1:5432/hackops_events") String url,
                                   @DefaultValue("hackops_audit") String username,
                                   @DefaultValue("hackops_audit") String password,
                                   @DefaultValue("4") int poolSize,
                                   @DefaultValue("32MB") DataSize fetchBytes) {
}
