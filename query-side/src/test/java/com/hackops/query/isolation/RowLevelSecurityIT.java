package com.hackops.query.isolation;

import com.hackops.query.support.QueryIntegrationTest;
import com.hackops.query.support.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row-level security checked with plain JDBC under the real roles, on the schema the migrations built (the Spring
 * context of this class runs them): the service role sees and writes only the bound tenant, nothing without one,
 * and the owner is bound too (FORCE).
 */
@QueryIntegrationTest
class RowLevelSecurityIT {

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();

    @Test
    void the_service_role_sees_only_the_bound_tenant_and_cannot_write_into_another() throws SQLException {
        try (Connection service = TestInfrastructure.connect("hackops_query")) {
            service.setAutoCommit(false);
            insertMember(service, tenantA, tenantA, "alice");
            insertMember(service, tenantB, tenantB, "bob");
            service.commit();

            bind(service, tenantA);
            assertThat(userIds(service)).containsExactly("alice");
            assertThatThrownBy(() -> insertMember(service, tenantA, tenantB, "mallory"))
                    .as("WITH CHECK refuses a row of another tenant").hasMessageContaining("row-level security");
            service.rollback();

            bind(service, tenantA);
            assertThat(service.createStatement().executeUpdate(
                    "UPDATE tenant_member SET role = 'OWNER' WHERE tenant_id = '" + tenantB + "'"))
                    .as("rows of another tenant cannot be updated: they are invisible").isZero();
            assertThat(service.createStatement().executeUpdate(
                    "DELETE FROM tenant_member WHERE tenant_id = '" + tenantB + "'")).isZero();
            service.commit();

            assertThat(userIds(service)).as("no tenant bound: nothing visible").isEmpty();
            service.commit();
        }
    }

    @Test
    void the_binding_ends_with_the_transaction() throws SQLException {
        try (Connection service = TestInfrastructure.connect("hackops_query")) {
            service.setAutoCommit(false);
            insertMember(service, tenantA, tenantA, "carol");
            service.commit();
            bind(service, tenantA);
            assertThat(userIds(service)).contains("carol");
            service.commit();
            assertThat(userIds(service)).as("a pooled connection carries no tenant into the next transaction").isEmpty();
            service.rollback();
        }
    }

    @Test
    void the_table_owner_is_bound_too_and_the_service_role_owns_nothing() throws SQLException {
        try (Connection service = TestInfrastructure.connect("hackops_query")) {
            service.setAutoCommit(false);
            insertMember(service, tenantA, tenantA, "dave");
            service.commit();
        }
        try (Connection owner = TestInfrastructure.connect("hackops_owner")) {
            owner.setAutoCommit(false);
            assertThat(userIds(owner)).as("FORCE ROW LEVEL SECURITY binds the owner").isEmpty();
            bind(owner, tenantA);
            assertThat(userIds(owner)).contains("dave");
            owner.rollback();

            ResultSet unforced = owner.createStatement().executeQuery("""
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                    WHERE n.nspname IN ('public', 'read_blue', 'read_green') AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)""");
            assertThat(unforced.next()).as("every table with tenant_id has RLS enabled and forced").isFalse();
            ResultSet owned = owner.createStatement().executeQuery(
                    "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'hackops_query'");
            owned.next();
            assertThat(owned.getInt(1)).isZero();
            ResultSet role = owner.createStatement().executeQuery(
                    "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'hackops_query'");
            role.next();
            assertThat(role.getBoolean(1)).isFalse();
            assertThat(role.getBoolean(2)).isFalse();
            owner.rollback();
        }
    }

    private static void bind(Connection connection, UUID tenant) throws SQLException {
        useActiveGeneration(connection);
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenant.toString());
            statement.execute();
        }
    }

    private static void insertMember(Connection connection, UUID bound, UUID tenant, String user) throws SQLException {
        bind(connection, bound);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tenant_member (tenant_id, user_id, role, added_at) VALUES (?, ?, 'MEMBER', now())")) {
            insert.setObject(1, tenant);
            insert.setString(2, user);
            insert.executeUpdate();
        }
    }

    private static void useActiveGeneration(Connection connection) throws SQLException {
        connection.createStatement().execute(
                "SELECT set_config('search_path', schema_name || ', public', true) FROM read_model_generation WHERE active");
    }

    private List<String> userIds(Connection connection) throws SQLException {
        useActiveGeneration(connection);
        List<String> users = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM tenant_member WHERE tenant_id IN (?, ?) ORDER BY user_id")) {
            select.setObject(1, tenantA);
            select.setObject(2, tenantB);
            ResultSet rows = select.executeQuery();
            while (rows.next()) {
                users.add(rows.getString(1));
            }
        }
        return users;
    }
}
