package com.hackops.query.projection;

import com.hackops.query.isolation.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events a projection could not apply, parked per tenant: that tenant's later events queue behind them while
 * every other tenant keeps flowing. Operators see them and, once the cause is fixed, retry them in order (or, as an
 * explicit and logged decision, discard one).
 */
@Component
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    private final JdbcTemplate jdbc;
    private final TenantContext context;
    private final EventDecoder decoder;
    private final Projector projector;
    private final TransactionTemplate transaction;

    public ParkedEvents(JdbcTemplate jdbc, TenantContext context, EventDecoder decoder, Projector projector,
                        PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.context = context;
        this.decoder = decoder;
        this.projector = projector;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A parked event as operators see it. */
    public record Parked(UUID tenantId, long sequence, String eventId, String type, long position, Instant occurredAt,
                         String error, int attempts, Instant parkedAt) {
    }

    /** The result of a retry: how many parked events were applied, and the error that stopped it, if any. */
    public record RetryResult(UUID tenantId, int applied, int stillParked, String error) {
    }

    /** Parks an event of {@code envelope}'s tenant, in the caller's transaction. */
    void park(TenantEvent envelope, byte[] value, String error, int attempts) {
        context.bindTenant(envelope.tenantId());
        jdbc.update("""
                INSERT INTO projection_stream (tenant_id, last_sequence, last_position, updated_at, parked)
                VALUES (?, -1, -1, now(), true) ON CONFLICT (tenant_id) DO UPDATE SET parked = true""", envelope.tenantId());
        jdbc.update("""
                INSERT INTO parked_event (tenant_id, sequence, event_id, event_type, position, occurred_at, payload, error,
                                          attempts, parked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (tenant_id, sequence) DO NOTHING""",
                envelope.tenantId(), envelope.sequence(), envelope.eventId(), envelope.type(), envelope.position(),
                Timestamp.from(envelope.occurredAt()), new String(value, StandardCharsets.UTF_8), truncate(error), attempts);
        log.error("parked event {} of tenant {} (sequence {}) after {} attempts: {}", envelope.type(),
                envelope.tenantId(), envelope.sequence(), attempts, error);
    }

    /** Every parked event, through the logged platform-admin path. */
    public List<Parked> all(String operator) {
        return transaction.execute(status -> {
            context.bindPlatformAdmin(operator, "list parked events");
            return jdbc.query("""
                    SELECT tenant_id, sequence, event_id, event_type, position, occurred_at, error, attempts, parked_at
                    FROM parked_event ORDER BY tenant_id, sequence""", (rs, i) -> new Parked(
                    rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                    rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getInt(8), rs.getTimestamp(9).toInstant()));
        });
    }

    /**
     * Applies the tenant's parked events in order. All or nothing: if one still fails, the transaction rolls back and
     * everything stays parked.
     * <p>
     * The tenant's stream row is locked first, as every projection transaction does before it applies or parks an
     * event of the tenant: a consumer parking this tenant's events right now finishes before the parked events are
     * read, and the next one waits until the retry has committed (then sees the tenant unparked). Only the events
     * applied here are deleted. (Reading the parked events before taking that lock let a consumer commit further
     * parked events in between, which the retry then deleted unapplied: the read models lost them and the tenant stayed
     * parked behind the gap — found by the chaos suite, infra/chaos.)
     */
    public RetryResult retry(UUID tenantId, String operator) {
        log.info("{} retries the parked events of tenant {}", operator, tenantId);
        try {
            int applied = transaction.execute(status -> {
                context.lockActiveGeneration();
                context.bindTenant(tenantId);
                lockStream(tenantId);
                List<Object[]> parked = jdbc.query("""
                        SELECT sequence, event_id, event_type, position, occurred_at, payload FROM parked_event
                        WHERE tenant_id = ? ORDER BY sequence FOR UPDATE""", (rs, i) -> new Object[] {
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getTimestamp(5).toInstant(),
                        rs.getString(6)}, tenantId);
                jdbc.update("UPDATE projection_stream SET parked = false WHERE tenant_id = ?", tenantId);
                for (Object[] row : parked) {
                    String type = (String) row[2];
                    projector.applyParked(new TenantEvent(tenantId, (long) row[0], (long) row[3], (String) row[1], type,
                            (Instant) row[4], decoder.payload(type, ((String) row[5]).getBytes(StandardCharsets.UTF_8))));
                }
                if (!parked.isEmpty()) {
                    jdbc.update("DELETE FROM parked_event WHERE tenant_id = ? AND sequence <= ?", tenantId,
                            (long) parked.get(parked.size() - 1)[0]);
                }
                return parked.size();
            });
            return new RetryResult(tenantId, applied, 0, null);
        } catch (RuntimeException e) {
            log.warn("retry of tenant {} failed: {}", tenantId, e.getMessage());
            return new RetryResult(tenantId, 0, countParked(tenantId), String.valueOf(e.getMessage()));
        }
    }

    /**
     * Drops one parked event for good and counts it as applied: an operator's decision that the read models must
     * go on without it (it stays in the event store). Only the first parked event may be discarded.
     */
    public boolean discard(UUID tenantId, long sequence, String operator) {
        Boolean discarded = transaction.execute(status -> {
            context.lockActiveGeneration();
            context.bindTenant(tenantId);
            lockStream(tenantId);
            Long first = jdbc.queryForObject("SELECT min(sequence) FROM parked_event WHERE tenant_id = ?", Long.class, tenantId);
            if (first == null || first != sequence) {
                return false;
            }
            jdbc.update("DELETE FROM parked_event WHERE tenant_id = ? AND sequence = ?", tenantId, sequence);
            jdbc.update("UPDATE projection_stream SET last_sequence = ? WHERE tenant_id = ? AND last_sequence = ?",
                    sequence, tenantId, sequence - 1);
            return true;
        });
        if (Boolean.TRUE.equals(discarded)) {
            log.warn("{} discarded parked event {} of tenant {}", operator, sequence, tenantId);
        }
        return Boolean.TRUE.equals(discarded);
    }

    /** Locks the tenant's stream row (if it has one) for the rest of the transaction, as the projections do. */
    private void lockStream(UUID tenantId) {
        jdbc.query("SELECT tenant_id FROM projection_stream WHERE tenant_id = ? FOR UPDATE", (rs, i) -> rs.getObject(1),
                tenantId);
    }

    private int countParked(UUID tenantId) {
        return transaction.execute(status -> {
            context.bindTenant(tenantId);
            return jdbc.queryForObject("SELECT count(*) FROM parked_event WHERE tenant_id = ?", Integer.class, tenantId);
        });
    }

    private static String truncate(String error) {
        String text = String.valueOf(error);
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }
}
