package com.hackops.command.personaldata;

import com.hackops.events.personaldata.PersonKey;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * Person keys in {@code person_key}, written inside the command's transaction (Axon binds it to the thread), so a key
 * exists only if the event sealed with it committed, and an erasure's event and key deletion commit together. Two
 * commands creating the same person's key meet on the unique (tenant, user): the second waits, then uses the first's.
 */
@Component
class JdbcPersonKeys implements PersonKeys {

    private static final String FIND = "SELECT key_id, key FROM person_key WHERE tenant_id = ? AND user_id = ?";
    private static final RowMapper<PersonKey> KEY = (rs, i) -> PersonKey.of(rs.getObject(1, UUID.class), rs.getBytes(2));

    private final JdbcTemplate jdbc;

    JdbcPersonKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SealedPersonalData seal(TenantId tenantId, String userId, PersonalData data) {
        return keyOf(tenantId, userId).seal(tenantId, userId, data);
    }

    private PersonKey keyOf(TenantId tenantId, String userId) {
        List<PersonKey> found = jdbc.query(FIND, KEY, tenantId.value(), userId);
        if (!found.isEmpty()) {
            return found.get(0);
        }
        PersonKey key = PersonKey.generate();
        jdbc.update("""
                INSERT INTO person_key (tenant_id, user_id, key_id, key) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, user_id) DO NOTHING""", tenantId.value(), userId, key.id(), key.secret());
        return jdbc.queryForObject(FIND, KEY, tenantId.value(), userId);
    }

    @Override
    public void erase(TenantId tenantId, String userId) {
        jdbc.update("DELETE FROM person_key WHERE tenant_id = ? AND user_id = ?", tenantId.value(), userId);
    }
}
