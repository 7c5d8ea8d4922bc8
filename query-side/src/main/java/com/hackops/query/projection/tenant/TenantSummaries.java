package com.hackops.query.projection.tenant;

import com.hackops.query.isolation.TenantContext;
import com.hackops.query.projection.SqlArrays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of the tenant summary; callers run them inside a transaction with the tenant (or admin path) bound. */
@Component
public class TenantSummaries {

    /** The last event of the tenant the read models applied, -1 before the first (with {@code projection_stream p}). */
    public static final String VERSION = "coalesce(p.last_sequence, -1)";

    private static final String COLUMNS = """
            SELECT s.tenant_id, s.name, s.slug, s.status, s.plan, s.features, s.created_at, s.updated_at,
                   %s AS version, s.feature_overrides::text AS feature_overrides, s.override_reason,
                   s.scheduled_plan, s.scheduled_at, s.trial_plan, s.trial_return_plan, s.trial_ends_at
            FROM tenant_summary s LEFT JOIN projection_stream p ON p.tenant_id = s.tenant_id""".formatted(VERSION);

    private static final RowMapper<TenantSummaryView> VIEW = (rs, i) -> new TenantSummaryView(
            rs.getObject("tenant_id", UUID.class), rs.getString("name"), rs.getString("slug"), rs.getString("status"),
            rs.getString("plan"), SqlArrays.strings(rs.getArray("features")), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"),
            rs.getString("override_reason") == null ? null
                    : new TenantSummaryView.Override(rs.getString("override_reason"), rs.getString("feature_overrides")),
            rs.getString("scheduled_plan") == null ? null
                    : new TenantSummaryView.ScheduledPlanChange(rs.getString("scheduled_plan"), rs.getTimestamp("scheduled_at").toInstant()),
            rs.getString("trial_plan") == null ? null
                    : new TenantSummaryView.Trial(rs.getString("trial_plan"), rs.getString("trial_return_plan"),
                    rs.getTimestamp("trial_ends_at").toInstant()));

    private static final String EXISTS = "SELECT 1 FROM tenant_summary WHERE tenant_id = ?";

    private final JdbcTemplate jdbc;
    private final TenantContext context;

    TenantSummaries(JdbcTemplate jdbc, TenantContext context) {
        this.jdbc = jdbc;
        this.context = context;
    }

    /** Whether the tenant exists (among the rows the transaction's binding lets it see). */
    public boolean exists(UUID tenantId) {
        return !jdbc.queryForList(EXISTS, tenantId).isEmpty();
    }

    /**
     * Binds the tenant for the rest of this transaction and tells whether it exists, in one round trip
     * ({@link TenantContext#bindTenantAnd}): how an API key's read starts.
     */
    public boolean bindTenantAndExists(UUID tenantId) {
        return context.bindTenantAnd(tenantId, EXISTS, ResultSet::next, tenantId);
    }

    public Optional<TenantSummaryView> find(UUID tenantId) {
        return jdbc.query(COLUMNS + " WHERE s.tenant_id = ?", VIEW, tenantId).stream().findFirst();
    }

    /** The last event of the tenant the read models applied, -1 before the first. */
    public long version(UUID tenantId) {
        return jdbc.queryForList("SELECT last_sequence FROM projection_stream WHERE tenant_id = ?", Long.class, tenantId)
                .stream().findFirst().orElse(-1L);
    }

    /** One page of the tenants visible in this transaction, filtered; {@code null} filters match everything. */
    public List<TenantSummaryView> page(String plan, String status, String name, int page, int size) {
        List<Object> arguments = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (plan != null) {
            where.append(" AND s.plan = ?");
            arguments.add(plan);
        }
        if (status != null) {
            where.append(" AND s.status = ?");
            arguments.add(status);
        }
        if (name != null) {
            where.append(" AND (s.name ILIKE ? OR s.slug ILIKE ?)");
            String pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            arguments.add(pattern);
            arguments.add(pattern);
        }
        arguments.add(size);
        arguments.add((long) page * size);
        return jdbc.query(COLUMNS + where + " ORDER BY s.name, s.tenant_id LIMIT ? OFFSET ?", VIEW, arguments.toArray());
    }
}
