package com.hackops.query.projection.member;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the members; callers run them inside a transaction with the tenant (or user) bound. */
@Component
public class Members {

    private final JdbcTemplate jdbc;

    Members(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<MemberView> of(UUID tenantId) {
        return jdbc.query("""
                SELECT user_id, email, display_name, role, added_at FROM tenant_member WHERE tenant_id = ?
                ORDER BY added_at, user_id""",
                (rs, i) -> new MemberView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()),
                tenantId);
    }

    public Optional<String> roleOf(UUID tenantId, String userId) {
        return jdbc.queryForList("SELECT role FROM tenant_member WHERE tenant_id = ? AND user_id = ?", String.class,
                tenantId, userId).stream().findFirst();
    }

    /** The tenants the bound user belongs to (policy own_memberships). */
    public List<UUID> tenantsOfUser(String userId) {
        return jdbc.queryForList("SELECT tenant_id FROM tenant_member WHERE user_id = ?", UUID.class, userId);
    }
}
