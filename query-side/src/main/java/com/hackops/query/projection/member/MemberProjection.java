package com.hackops.query.projection.member;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.membership.MemberRemoved;
import com.hackops.events.membership.MemberRoleChanged;
import com.hackops.events.membership.PersonalDataErased;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.query.personaldata.PersonalDataOpener;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.UUID;

/**
 * Members and roles of each tenant, with e-mail and display name opened from the sealed personal data (the erased
 * placeholder once the person's key is gone); also what the query API checks before showing a tenant to a caller.
 */
@Component
class MemberProjection implements TenantProjection {

    private final JdbcTemplate jdbc;
    private final PersonalDataOpener personalData;

    MemberProjection(JdbcTemplate jdbc, PersonalDataOpener personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
    }

    @Override
    public void apply(TenantEvent event) {
        Object payload = event.payload();
        if (payload instanceof MemberAdded added) {
            PersonalData data = personalData.open(event.tenantId(), added.userId(), added.personalData());
            jdbc.update("""
                    INSERT INTO tenant_member (tenant_id, user_id, email, display_name, role, added_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", event.tenantId(), added.userId(), data.email(), data.displayName(),
                    added.role().name(), Timestamp.from(event.occurredAt()));
        } else if (payload instanceof MemberRoleChanged changed) {
            jdbc.update("UPDATE tenant_member SET role = ? WHERE tenant_id = ? AND user_id = ?",
                    changed.role().name(), event.tenantId(), changed.userId());
        } else if (payload instanceof MemberRemoved removed) {
            jdbc.update("DELETE FROM tenant_member WHERE tenant_id = ? AND user_id = ?", event.tenantId(), removed.userId());
        } else if (payload instanceof PersonalDataErased erased) {
            erase(event.tenantId(), erased.userId());
        }
    }

    /**
     * The placeholder in this generation, and in the other one too: it keeps what the last rebuild left until the
     * next, and that must not keep an erased person's data either. A row of the other generation locked by a running
     * rebuild is skipped rather than waited for (no deadlock with it): that rebuild replays this erasure itself.
     */
    private void erase(UUID tenantId, String userId) {
        String placeholder = PersonalData.ERASED;
        jdbc.update("UPDATE tenant_member SET email = ?, display_name = ? WHERE tenant_id = ? AND user_id = ?",
                placeholder, placeholder, tenantId, userId);
        for (String generation : jdbc.queryForList("SELECT schema_name FROM public.read_model_generation", String.class)) {
            jdbc.update("""
                    UPDATE %1$s.tenant_member SET email = ?, display_name = ? WHERE ctid IN (
                        SELECT ctid FROM %1$s.tenant_member WHERE tenant_id = ? AND user_id = ? FOR UPDATE SKIP LOCKED)"""
                    .formatted('"' + generation + '"'), placeholder, placeholder, tenantId, userId);
        }
    }
}
