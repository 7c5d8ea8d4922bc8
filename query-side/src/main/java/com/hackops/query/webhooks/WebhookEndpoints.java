package com.hackops.query.webhooks;

import com.hackops.query.projection.SqlArrays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Registered endpoints in {@code public.webhook_endpoint}. Every method runs in a transaction with the tenant bound
 * (row-level security shows and admits that tenant's rows only). A deleted endpoint is marked, not removed, so the
 * delivery log keeps naming it; its pending deliveries are cancelled with it.
 */
@Component
class WebhookEndpoints {

    private final JdbcTemplate jdbc;

    WebhookEndpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An endpoint as its tenant sees it: never with its secret. */
    record EndpointView(UUID id, String url, List<String> events, String description, String createdBy, Instant createdAt) {
    }

    EndpointView register(UUID tenantId, UUID endpointId, String url, Set<WebhookEvent> events, String description,
                          String secret, String createdBy) {
        Instant now = Instant.now();
        List<String> names = events.stream().map(Enum::name).sorted().toList();
        jdbc.update("""
                INSERT INTO public.webhook_endpoint (tenant_id, endpoint_id, url, events, description, secret, created_by, created_at)
                VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?)""", tenantId, endpointId, url, SqlArrays.of(names), description,
                secret, createdBy, Timestamp.from(now));
        return new EndpointView(endpointId, url, names, description, createdBy, now);
    }

    long countActive(UUID tenantId) {
        return jdbc.queryForObject("SELECT count(*) FROM public.webhook_endpoint WHERE tenant_id = ? AND deleted_at IS NULL",
                Long.class, tenantId);
    }

    List<EndpointView> active(UUID tenantId) {
        return jdbc.query("""
                SELECT endpoint_id, url, events, description, created_by, created_at FROM public.webhook_endpoint
                WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, endpoint_id""",
                (rs, i) -> new EndpointView(rs.getObject(1, UUID.class), rs.getString(2), SqlArrays.strings(rs.getArray(3)),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()), tenantId);
    }

    /** Marks the endpoint deleted and cancels its pending deliveries; false when the tenant has no such endpoint. */
    boolean delete(UUID tenantId, UUID endpointId) {
        int deleted = jdbc.update("""
                UPDATE public.webhook_endpoint SET deleted_at = now()
                WHERE tenant_id = ? AND endpoint_id = ? AND deleted_at IS NULL""", tenantId, endpointId);
        if (deleted == 0) {
            return false;
        }
        jdbc.update("""
                UPDATE public.webhook_delivery SET status = 'CANCELLED', next_attempt_at = NULL, last_error = 'endpoint deleted'
                WHERE tenant_id = ? AND endpoint_id = ? AND status = 'PENDING'""", tenantId, endpointId);
        return true;
    }
}
