package com.hackops.command.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hackops.command.rejection.RejectionKind;
import com.hackops.command.rejection.Rejections;
import com.hackops.events.types.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Idempotency keys in {@code usage_idempotency_key}, written in the command's transaction: the key is claimed
 * first (a concurrent call with the same key waits on the primary key), the receipt stored before commit.
 * A refused call leaves no key (it is released, and rolled back when the call commits alone), so the client may
 * retry it.
 */
@Component
class JdbcIdempotencyKeys implements IdempotencyKeys {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    JdbcIdempotencyKeys(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<UsageReceipt> claim(TenantId tenantId, IdempotencyKey key) {
        int claimed = jdbc.update("""
                INSERT INTO usage_idempotency_key (tenant_id, idempotency_key, request_hash) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING""", tenantId.value(), key.key(), key.requestHash());
        if (claimed == 1) {
            return Optional.empty();
        }
        return jdbc.query("SELECT request_hash, receipt FROM usage_idempotency_key WHERE tenant_id = ? AND idempotency_key = ?",
                rs -> {
                    rs.next();
                    if (!rs.getString(1).equals(key.requestHash())) {
                        throw Rejections.of(RejectionKind.IDEMPOTENCY_MISMATCH,
                                "This Idempotency-Key was used with a different request.");
                    }
                    return Optional.of(read(rs.getString(2)));
                }, tenantId.value(), key.key());
    }

    @Override
    public void complete(TenantId tenantId, IdempotencyKey key, UsageReceipt receipt) {
        jdbc.update("UPDATE usage_idempotency_key SET receipt = ? WHERE tenant_id = ? AND idempotency_key = ?",
                write(receipt), tenantId.value(), key.key());
    }

    @Override
    public void release(TenantId tenantId, IdempotencyKey key) {
        jdbc.update("DELETE FROM usage_idempotency_key WHERE tenant_id = ? AND idempotency_key = ? AND receipt IS NULL",
                tenantId.value(), key.key());
    }

    private UsageReceipt read(String receipt) {
        try {
            return json.readValue(receipt, UsageReceipt.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored receipt is unreadable", e);
        }
    }

    private String write(UsageReceipt receipt) {
        try {
            return json.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt is not serializable", e);
        }
    }
}
