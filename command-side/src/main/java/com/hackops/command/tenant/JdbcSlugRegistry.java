package com.hackops.command.tenant;

import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;

/**
 * Slug reservations in {@code tenant_slug}. Runs inside the command's transaction (Axon binds it to the thread),
 * so the reservation commits or rolls back with the event. A concurrent claim of the same slug waits on the
 * primary key and then sees the winner.
 */
@Component
class JdbcSlugRegistry implements SlugRegistry {

    private final JdbcTemplate jdbc;

    JdbcSlugRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(String slug, TenantId tenantId) {
        int inserted = jdbc.update("INSERT INTO tenant_slug (slug, tenant_id) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING",
                slug, tenantId.value());
        if (inserted == 0) {
            UUID holder = jdbc.queryForObject("SELECT tenant_id FROM tenant_slug WHERE slug = ?", UUID.class, slug);
            if (!tenantId.value().equals(holder)) {
                throw Rejections.of(RejectionKind.SLUG_TAKEN, "The slug '%s' is taken.".formatted(slug),
                        Map.of("slug", slug));
            }
        }
        jdbc.update("DELETE FROM tenant_slug WHERE tenant_id = ? AND slug <> ?", tenantId.value(), slug);
    }
}
