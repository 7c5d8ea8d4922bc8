package com.hackops.query.webhooks;

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
 * The webhook tables (public schema, outside the read-model generations) under the real service role: a tenant's
 * endpoints, secrets and deliveries are invisible to every other tenant and to a transaction with no tenant bound,
 * and no tenant can register an endpoint for another.
 */
@QueryIntegrationTest
class WebhookIsolationIT {

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();

    @Test
    void one_tenant_never_sees_or_writes_another_tenants_endpoints() throws SQLException {
        try (Connection service = TestInfrastructure.connect("hackops_query")) {
            service.setAutoCommit(false);
            register(service, tenantA, tenantA, "https://a.example/hook");
            service.commit();
            register(service, tenantB, tenantB, "https://b.example/hook");
            service.commit();

            bind(service, tenantA);
            assertThat(urls(service)).containsExactly("https://a.example/hook");
            assertThatThrownBy(() -> register(service, tenantA, tenantB, "https://evil.example/hook"))
                    .as("WITH CHECK refuses an endpoint for another tenant").hasMessageContaining("row-level security");
            service.rollback();

            bind(service, tenantA);
            assertThat(service.createStatement().executeUpdate(
                    "UPDATE public.webhook_endpoint SET url = 'https://evil.example/' WHERE tenant_id = '" + tenantB + "'"))
                    .as("another tenant's endpoints cannot be redirected: they are invisible").isZero();
            service.commit();

            assertThat(urls(service)).as("no tenant bound: nothing visible").isEmpty();
            service.rollback();
        }
    }

    private static void bind(Connection connection, UUID tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenant.toString());
            statement.execute();
        }
    }

    private static void register(Connection connection, UUID bound, UUID tenant, String url) throws SQLException {
        bind(connection, bound);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO public.webhook_endpoint (tenant_id, endpoint_id, url, events, secret, created_by, created_at)
                VALUES (?, ?, ?, '{PLAN_CHANGED}', 'whsec_x', 'test', now())""")) {
            insert.setObject(1, tenant);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, url);
            insert.executeUpdate();
        }
    }

    private List<String> urls(Connection connection) throws SQLException {
        List<String> urls = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT url, secret FROM public.webhook_endpoint WHERE tenant_id IN (?, ?) ORDER BY url")) {
            select.setObject(1, tenantA);
            select.setObject(2, tenantB);
            ResultSet rows = select.executeQuery();
            while (rows.next()) {
                urls.add(rows.getString(1));
            }
        }
        return urls;
    }
}
