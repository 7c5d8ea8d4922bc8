package com.hackops.query.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.query.projection.TenantEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox and delivery log in {@code public.webhook_delivery}, and the consumer's per-tenant guard in
 * {@code public.webhook_stream}. Every method runs in a transaction with the tenant bound, except {@link #dueTenants},
 * which the caller runs on the platform-admin read path.
 * <p>
 * A delivery's id is derived from the event id and the endpoint id, so the same event for the same endpoint always
 * has the same id — the receivers' key for deduplicating, since delivery is at least once.
 */
@Component
class WebhookDeliveries {

    private static final String LOCK_STREAM =
            "SELECT last_sequence FROM public.webhook_stream WHERE tenant_id = ? FOR UPDATE";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    WebhookDeliveries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A delivery claimed for an attempt, with where and how to send it. */
    record Claimed(UUID deliveryId, long sequence, String eventType, String payload, int attempts, String url, String secret) {
    }

    /** One row of the delivery log as the tenant reads it. */
    record DeliveryView(UUID deliveryId, UUID endpointId, String event, String eventId, long sequence, String status,
                        int attempts, Integer lastStatusCode, String lastError, Instant lastAttemptAt, Instant nextAttemptAt,
                        Instant createdAt, Instant deliveredAt) {
    }

    static UUID deliveryId(String eventId, UUID endpointId) {
        return UUID.nameUUIDFromBytes((eventId + "/" + endpointId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The last sequence the consumer handled for the tenant (-1: none yet), locked until the transaction ends; the row
     * is created the first time (one round trip for a known tenant).
     */
    long lockStream(UUID tenantId) {
        List<Long> last = jdbc.queryForList(LOCK_STREAM, Long.class, tenantId);
        if (!last.isEmpty()) {
            return last.get(0);
        }
        jdbc.update("""
                INSERT INTO public.webhook_stream (tenant_id, last_sequence, updated_at) VALUES (?, -1, now())
                ON CONFLICT (tenant_id) DO NOTHING""", tenantId);
        return jdbc.queryForObject(LOCK_STREAM, Long.class, tenantId);
    }

    void advanceStream(UUID tenantId, long lastSequence) {
        jdbc.update("UPDATE public.webhook_stream SET last_sequence = ?, updated_at = now() WHERE tenant_id = ?",
                lastSequence, tenantId);
    }

    /**
     * Queues the notification for every endpoint of the tenant subscribed to its type and registered before the event
     * was recorded (an endpoint is never told of what happened before it existed). Returns how many it queued.
     */
    int enqueue(TenantEvent event, WebhookEvent.Notification notification) {
        List<UUID> endpoints = jdbc.queryForList("""
                SELECT endpoint_id FROM public.webhook_endpoint
                WHERE tenant_id = ? AND deleted_at IS NULL AND ? = ANY (events) AND created_at <= ?""", UUID.class,
                event.tenantId(), notification.type().name(), Timestamp.from(event.occurredAt()));
        int queued = 0;
        for (UUID endpoint : endpoints) {
            UUID deliveryId = deliveryId(event.eventId(), endpoint);
            queued += jdbc.update("""
                    INSERT INTO public.webhook_delivery (tenant_id, delivery_id, endpoint_id, event_id, event_sequence, event_type,
                                                         payload, status, attempts, next_attempt_at, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, now(), now())
                    ON CONFLICT (tenant_id, delivery_id) DO NOTHING""", event.tenantId(), deliveryId, endpoint,
                    event.eventId(), event.sequence(), notification.type().name(), body(deliveryId, event, notification));
        }
        return queued;
    }

    private String body(UUID deliveryId, TenantEvent event, WebhookEvent.Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deliveryId);
        body.put("type", notification.type());
        body.put("tenantId", event.tenantId());
        body.put("eventId", event.eventId());
        body.put("sequence", event.sequence());
        body.put("occurredAt", event.occurredAt().toString());
        body.put("data", notification.data());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Claims up to {@code limit} due deliveries of the tenant for an attempt: they stay PENDING, invisible to other
     * senders for {@code leaseSeconds} — if this node dies mid-attempt, another sends them again after that. Pending
     * deliveries of deleted endpoints are cancelled first (one can be queued while its endpoint is being deleted).
     */
    List<Claimed> claim(UUID tenantId, int limit, long leaseSeconds) {
        jdbc.update("""
                UPDATE public.webhook_delivery d SET status = 'CANCELLED', next_attempt_at = NULL, last_error = 'endpoint deleted'
                FROM public.webhook_endpoint e
                WHERE d.tenant_id = ? AND d.status = 'PENDING' AND e.tenant_id = d.tenant_id AND e.endpoint_id = d.endpoint_id
                  AND e.deleted_at IS NOT NULL""", tenantId);
        return jdbc.query("""
                WITH due AS (
                    SELECT delivery_id FROM public.webhook_delivery
                    WHERE tenant_id = ? AND status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, event_sequence, delivery_id LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE public.webhook_delivery d SET next_attempt_at = now() + make_interval(secs => ?)
                FROM due, public.webhook_endpoint e
                WHERE d.tenant_id = ? AND d.delivery_id = due.delivery_id
                  AND e.tenant_id = d.tenant_id AND e.endpoint_id = d.endpoint_id
                RETURNING d.delivery_id, d.event_type, d.payload, d.attempts, e.url, e.secret, d.event_sequence""",
                (rs, i) -> new Claimed(rs.getObject(1, UUID.class), rs.getLong(7), rs.getString(2), rs.getString(3),
                        rs.getInt(4), rs.getString(5), rs.getString(6)), tenantId, limit, leaseSeconds, tenantId)
                .stream().sorted(java.util.Comparator.comparingLong(Claimed::sequence)).toList();
    }

    /** Records an attempt: delivered, to be retried at {@code nextAttemptAt}, or given up ({@code nextAttemptAt} null). */
    void recordAttempt(UUID tenantId, UUID deliveryId, Instant at, Integer statusCode, String error, Instant nextAttemptAt) {
        String status = error == null ? "DELIVERED" : nextAttemptAt == null ? "FAILED" : "PENDING";
        jdbc.update("""
                UPDATE public.webhook_delivery SET attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = ?,
                       status = ?, next_attempt_at = ?, delivered_at = ?
                WHERE tenant_id = ? AND delivery_id = ?""", Timestamp.from(at), statusCode, error, status,
                nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), error == null ? Timestamp.from(at) : null,
                tenantId, deliveryId);
    }

    /** When the tenant's next pending delivery is due, if it has one. */
    Optional<Instant> nextDue(UUID tenantId) {
        Timestamp next = jdbc.queryForObject("""
                SELECT min(next_attempt_at) FROM public.webhook_delivery WHERE tenant_id = ? AND status = 'PENDING'""",
                Timestamp.class, tenantId);
        return Optional.ofNullable(next).map(Timestamp::toInstant);
    }

    /** Every tenant with pending deliveries and when the first is due; only on the platform-admin read path. */
    Map<UUID, Instant> dueTenants() {
        Map<UUID, Instant> due = new LinkedHashMap<>();
        jdbc.query("""
                SELECT tenant_id, min(next_attempt_at) FROM public.webhook_delivery WHERE status = 'PENDING'
                GROUP BY tenant_id""", rs -> {
            due.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
        });
        return due;
    }

    /** The tenant's delivery log, newest first, optionally of one status. */
    List<DeliveryView> log(UUID tenantId, String status, int limit) {
        return jdbc.query("""
                SELECT delivery_id, endpoint_id, event_type, event_id, event_sequence, status, attempts, last_status, last_error,
                       last_attempt_at, next_attempt_at, created_at, delivered_at
                FROM public.webhook_delivery WHERE tenant_id = ? AND (?::text IS NULL OR status = ?)
                ORDER BY created_at DESC, event_sequence DESC, delivery_id LIMIT ?""", (rs, i) -> new DeliveryView(rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getInt(7),
                (Integer) rs.getObject(8), rs.getString(9), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13))), tenantId, status, status, limit);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
