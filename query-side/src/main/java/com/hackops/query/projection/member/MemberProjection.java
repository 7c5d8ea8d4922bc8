package com.hackops.query.projection.member;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Members and roles of each tenant; also what the query API checks before showing a tenant to a caller. */
@Component
class MemberProjection implements TenantProjection {

    private final JdbcTemplate jdbc;

    MemberProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(TenantEvent event) {
        Object payload = event.payload();
        if (payload instanceof MemberAdded added) {
            jdbc.update("INSERT INTO tenant_member (tenant_id, user_id, email, role, added_at) VALUES (?, ?, ?, ?, ?)",
                    event.tenantId(), added.userId(), added.email(), added.role().name(), Timestamp.from(event.occurredAt()));
        } else if (payload instanceof MemberRoleChanged changed) {
            jdbc.update("UPDATE tenant_member SET role = ? WHERE tenant_id = ? AND user_id = ?",
                    changed.role().name(), event.tenantId(), changed.userId());
        } else if (payload instanceof MemberRemoved removed) {
            jdbc.update("DELETE FROM tenant_member WHERE tenant_id = ? AND user_id = ?", event.tenantId(), removed.userId());
        }
    }
}
