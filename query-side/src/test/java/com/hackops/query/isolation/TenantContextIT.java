package com.hackops.query.isolation;

import com.hackops.query.projection.member.Members;
import com.hackops.query.support.QueryIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binding with a query in the same round trip ({@link TenantContext#bindTenantAnd}): the query runs after the
 * binding, sees only the bound tenant, in the generation the binding chose, whatever the connection carries from
 * before; and the transaction stays bound afterwards.
 */
@QueryIntegrationTest
class TenantContextIT {

    private static final String MEMBERS = "SELECT current_setting('search_path'), user_id FROM tenant_member ORDER BY user_id";
    private static final ResultSetExtractor<List<String>> ROWS = rows -> {
        List<String> found = new ArrayList<>();
        while (rows.next()) {
            found.add(rows.getString(1) + " | " + rows.getString(2));
        }
        return found;
    };

    @Autowired
    TenantContext context;
    @Autowired
    Members members;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private final UUID tenantA = UUID.randomUUID();
    private final UUID tenantB = UUID.randomUUID();
    private String generation;

    @BeforeEach
    void oneMemberInEachOfTwoTenants() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (UUID tenant : List.of(tenantA, tenantB)) {
                context.bindTenant(tenant);
                jdbc.update("INSERT INTO tenant_member (tenant_id, user_id, role, added_at) VALUES (?, ?, 'ADMIN', now())",
                        tenant, user(tenant));
            }
        });
        generation = jdbc.queryForObject("SELECT schema_name FROM public.read_model_generation WHERE active", String.class);
    }

    @AfterEach
    void removeTheMembers() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (String schema : List.of("read_blue", "read_green")) {
                context.useGeneration(schema);
                for (UUID tenant : List.of(tenantA, tenantB)) {
                    context.bindTenant(tenant);
                    jdbc.update("DELETE FROM tenant_member WHERE tenant_id = ?", tenant);
                }
            }
        });
    }

    @Test
    void the_query_sees_only_the_bound_tenant_in_the_generation_the_binding_chose() {
        List<String> seen = readOnly(status -> {
            List<String> rows = context.bindTenantAnd(tenantA, MEMBERS, ROWS);
            context.requireGeneration(); // the choice is remembered: later bindings of the transaction keep it
            return rows;
        });

        assertThat(seen).containsExactly(generation + ", public | " + user(tenantA));
    }

    @Test
    void the_transaction_stays_bound_to_that_tenant_and_a_later_binding_replaces_an_earlier_one() {
        List<String> after = readOnly(status -> {
            context.bindTenant(tenantB); // the first binding of the transaction chooses the generation
            // so this one is the short form
            assertThat(context.bindTenantAnd(tenantA, MEMBERS, ROWS)).containsExactly(generation + ", public | " + user(tenantA));
            return jdbc.queryForList("SELECT user_id FROM tenant_member", String.class);
        });

        assertThat(after).as("the statements after it in the transaction").containsExactly(user(tenantA));
    }

    @Test
    void settings_the_connection_carries_from_its_session_do_not_widen_what_the_query_sees() {
        List<String> seen = readOnly(status -> {
            status.setRollbackOnly(); // the session-level SETs below end with this transaction, not on the pool
            jdbc.execute("SET app.tenant_id = '" + tenantB + "'");
            jdbc.execute("SET app.platform_admin = 'on'");
            jdbc.execute("SET app.user_id = '" + user(tenantB) + "'");
            jdbc.execute("SET search_path = public");
            return context.bindTenantAnd(tenantA, MEMBERS, ROWS);
        });

        assertThat(seen).containsExactly(generation + ", public | " + user(tenantA));
    }

    @Test
    void the_statement_sent_again_and_again_follows_the_generation_of_its_transaction() {
        String other = generation.equals("read_blue") ? "read_green" : "read_blue";
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            context.useGeneration(other);
            context.bindTenant(tenantA);
            jdbc.update("INSERT INTO tenant_member (tenant_id, user_id, role, added_at) VALUES (?, ?, 'ADMIN', now())",
                    tenantA, "in-" + other);
        });
        // one connection, the same two statements twelve times: past pgjdbc's prepare threshold (5), from then on sent
        // as a named server-side statement whose plan PostgreSQL must not keep across the switches of generation
        List<String> seen = readOnly(status -> {
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                context.useGeneration(i % 2 == 0 ? generation : other);
                all.addAll(context.bindTenantAnd(tenantA, MEMBERS, ROWS));
            }
            return all;
        });

        for (int i = 0; i < 12; i++) {
            assertThat(seen.get(i)).as("read %d", i).isEqualTo(i % 2 == 0
                    ? generation + ", public | " + user(tenantA)
                    : other + ", public | in-" + other);
        }
        assertThat(seen).hasSize(12);
    }

    @Test
    void without_an_active_generation_nothing_is_read_and_the_binding_is_refused() {
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly(); // the projections wait on the row's lock until the rollback
            jdbc.update("UPDATE public.read_model_generation SET active = false WHERE active");
            assertThatThrownBy(() -> context.bindTenantAnd(tenantA, MEMBERS, ROWS))
                    .as("the statement sent with the binding finds no read model on the default search_path")
                    .rootCause().hasMessageContaining("relation \"tenant_member\" does not exist");
        });
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.update("UPDATE public.read_model_generation SET active = false WHERE active");
            assertThatThrownBy(() -> context.bindTenant(tenantA)).hasMessageContaining("no active read-model generation");
        });
    }

    @Test
    void a_members_role_is_read_with_the_binding_and_a_stranger_has_none() {
        Optional<String> member = readOnly(status -> members.bindTenantAndRoleOf(tenantA, user(tenantA)));
        Optional<String> ofAnother = readOnly(status -> members.bindTenantAndRoleOf(tenantA, user(tenantB)));
        Optional<String> nowhere = readOnly(status -> members.bindTenantAndRoleOf(UUID.randomUUID(), user(tenantA)));

        assertThat(member).contains("ADMIN");
        assertThat(ofAnother).as("a member of another tenant").isEmpty();
        assertThat(nowhere).as("a tenant that does not exist").isEmpty();
    }

    @Test
    void it_is_refused_outside_a_transaction_and_for_more_than_one_statement() {
        assertThatThrownBy(() -> context.bindTenantAnd(tenantA, MEMBERS, ROWS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a transaction");
        assertThatThrownBy(() -> readOnly(status -> context.bindTenantAnd(tenantA,
                "SELECT 1; SELECT set_config('app.platform_admin', 'on', true)", ROWS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one statement");
    }

    private <T> T readOnly(Function<TransactionStatus, T> work) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return readOnly.execute(work::apply);
    }

    private static String user(UUID tenant) {
        return "member-of-" + tenant;
    }
}
