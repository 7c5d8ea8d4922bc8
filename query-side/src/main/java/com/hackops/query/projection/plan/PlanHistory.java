package com.hackops.query.projection.plan;

import com.hackops.query.projection.SqlArrays;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads of the plan history; callers bind the tenant first. */
@Component
public class PlanHistory {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PlanHistory(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record PlanChangeView(long sequence, String plan, String previousPlan, Map<String, Long> limits,
                                 List<String> features, List<String> overLimit, String changedBy, Instant changedAt) {
    }

    public List<PlanChangeView> of(UUID tenantId) {
        return jdbc.query("""
                SELECT sequence, plan, previous_plan, limits::text, features, over_limit, changed_by, changed_at
                FROM plan_history WHERE tenant_id = ? ORDER BY sequence""",
                (rs, i) -> new PlanChangeView(rs.getLong(1), rs.getString(2), rs.getString(3), limits(rs.getString(4)),
                        SqlArrays.strings(rs.getArray(5)), SqlArrays.strings(rs.getArray(6)), rs.getString(7), rs.getTimestamp(8).toInstant()),
                tenantId);
    }

    private Map<String, Long> limits(String text) {
        try {
            return json.readValue(text, json.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class, Long.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
