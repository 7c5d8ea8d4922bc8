package com.hackops.query.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read-only access to the command side's event store for audits, as-of queries and rebuilds. The role
 * (hackops_audit) may only SELECT events: an audit can never change what it audits.
 */
@ConfigurationProperties("hackops.audit.event-store")
public record EventStoreProperties(@DefaultValue("jdbc:postgresql://127.0.0.1:5432/hackops_events") String url,
                                   @DefaultValue("hackops_audit") String username,
                                   @DefaultValue("hackops_audit") String password,
                                   @DefaultValue("4") int poolSize) {
}
