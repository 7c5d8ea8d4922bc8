package com.hackops.query.apikeys;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.platform.security.ApiKeyGrant;
import com.hackops.platform.security.ApiKeyLookup;
import com.hackops.query.audit.EventStoreReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The command side's {@code api_key} table, read through the read-only audit connection at the moment of each
 * request: there is no copy here that could lag behind a revocation.
 */
@Component
class ApiKeyDirectory implements ApiKeyLookup {

    private final JdbcTemplate commandDatabase;

    ApiKeyDirectory(EventStoreReader eventStore) {
        this.commandDatabase = eventStore.commandDatabase();
    }

    /** A key as its tenant's OWNERs and ADMINs see it: never the secret, nor its hash. */
    record Listed(UUID keyId, String name, List<String> scopes, String shown, Instant createdAt, String createdBy,
                  Instant revokedAt, String revokedBy) {
    }

    @Override
    public Optional<ApiKeyGrant> find(byte[] secretHash) {
        return commandDatabase.query("SELECT key_id, tenant_id, scopes FROM api_key WHERE secret_hash = ? AND revoked_at IS NULL",
                (rs, row) -> new ApiKeyGrant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), ApiKeyScope.fromStored((String[]) rs.getArray(3).getArray())),
                (Object) secretHash).stream().findFirst();
    }

    List<Listed> of(UUID tenantId) {
        return commandDatabase.query("""
                SELECT key_id, name, scopes, shown, created_at, created_by, revoked_at, revoked_by
                FROM api_key WHERE tenant_id = ? ORDER BY created_at DESC, key_id""",
                (rs, row) -> new Listed(rs.getObject(1, UUID.class), rs.getString(2),
                        ApiKeyScope.fromStored((String[]) rs.getArray(3).getArray()).stream().map(ApiKeyScope::label).toList(), rs.getString(4),
                        instant(rs.getTimestamp(5)), rs.getString(6), instant(rs.getTimestamp(7)), rs.getString(8)),
                tenantId);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

}
