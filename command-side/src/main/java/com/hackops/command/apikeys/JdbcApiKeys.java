package com.hackops.command.apikeys;

import com.hackops.events.types.ApiKeyScope;
import com.hackops.events.types.TenantId;
import com.hackops.platform.security.ApiKeyGrant;
import com.hackops.platform.security.ApiKeyLookup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code api_key}: written by the key commands inside their transaction (Axon binds it to the thread), read by
 * authentication on every request that presents a key — no cache, so a revocation holds from its commit on.
 */
@Component
class JdbcApiKeys implements ApiKeyStore, ApiKeyLookup {

    private final JdbcTemplate jdbc;

    JdbcApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(TenantId tenantId, UUID keyId, String name, Set<ApiKeyScope> scopes, byte[] secretHash, String shown,
                      String createdBy) {
        jdbc.update("""
                INSERT INTO api_key (key_id, tenant_id, secret_hash, shown, name, scopes, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                keyId, tenantId.value(), secretHash, shown, name, ApiKeyScope.stored(scopes), createdBy);
    }

    @Override
    public void revoke(TenantId tenantId, UUID keyId, String revokedBy) {
        jdbc.update("UPDATE api_key SET revoked_at = now(), revoked_by = ? WHERE key_id = ? AND tenant_id = ? AND revoked_at IS NULL",
                revokedBy, keyId, tenantId.value());
    }

    @Override
    public Optional<ApiKeyGrant> find(byte[] secretHash) {
        return jdbc.query("SELECT key_id, tenant_id, scopes FROM api_key WHERE secret_hash = ? AND revoked_at IS NULL",
                (rs, row) -> new ApiKeyGrant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), ApiKeyScope.fromStored((String[]) rs.getArray(3).getArray())),
                (Object) secretHash).stream().findFirst();
    }

}
