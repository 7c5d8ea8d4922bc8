package com.hackops.query.projection.member;

import com.hackops.query.isolation.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the members; callers run them inside a transaction with the tenant (or user) bound. */
@Component
public class Members {

    private static final String ROLE_OF = "SELECT role FROM tenant_member WHERE tenant_id = ? AND user_id = ?";

    private final JdbcTemplate jdbc;
    private final TenantContext context;

    Members(JdbcTemplate jdbc, TenantContext context) {
        this.jdbc = jdbc;
        this.context = context;
    }

    public List<MemberView> of(UUID tenantId) {
        return jdbc.query("""
                SELECT user_id, email, display_name, role, added_at FROM tenant_member WHERE tenant_id = ?
                ORDER BY added_at, user_id""",
                (rs, i) -> new MemberView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()),
                tenantId);
    }

    /**
     * Binds the tenant for the rest of this transaction and reads the user's role in it, in one round trip
     * ({@link TenantContext#bindTenantAnd}): how a read or write on a member's behalf starts.
     */
    public Optional<String> bindTenantAndRoleOf(UUID tenantId, String userId) {
        return context.bindTenantAnd(tenantId, ROLE_OF,
                rows -> rows.next() ? Optional.of(rows.getString(1)) : Optional.empty(), tenantId, userId);
    }

    /** The tenants the bound user belongs to (policy own_memberships). */
    public List<UUID> tenantsOfUser(String userId) {
        return jdbc.queryForList("SELECT tenant_id FROM tenant_member WHERE user_id = ?", UUID.class, userId);
    }
}
