package com.hackops.query.support;

import com.hackops.events.personaldata.PersonKey;
import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.TenantId;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The command side's part of crypto-shredding, for query-side tests: a person's key in the test event store's
 * {@code person_key} (where the projections read it), data sealed with it, and the erasure that deletes it.
 */
public final class PersonKeys {

    private PersonKeys() {
    }

    /** {@code email} and {@code displayName} sealed with a new key of the person, stored like JdbcPersonKeys does. */
    public static SealedPersonalData seal(UUID tenantId, String userId, String email, String displayName) {
        PersonKey key = PersonKey.generate();
        execute("INSERT INTO person_key (tenant_id, user_id, key_id, key) VALUES (?, ?, ?, ?)", tenantId, userId,
                key.id(), key.secret());
        return key.seal(new TenantId(tenantId), userId, new PersonalData(email, displayName));
    }

    /** Deletes the person's key, as an erasure on the command side does. */
    public static void erase(UUID tenantId, String userId) {
        execute("DELETE FROM person_key WHERE tenant_id = ? AND user_id = ?", tenantId, userId);
    }

    private static void execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(TestInfrastructure.eventStoreUrl(), "hackops_owner", "hackops_owner");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
