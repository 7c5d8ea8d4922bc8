package com.hackops.query.isolation;

import com.hackops.query.support.CommandSideSchema;
import com.hackops.query.support.IsolationVerifier;
import com.hackops.query.support.QueryIntegrationTest;
import com.hackops.query.support.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/verify-isolation against real catalogs: it passes on the databases this JVM's query side migrated with
 * Flyway, and fails, naming the object, on scratch copies where one promise was broken on purpose.
 */
@QueryIntegrationTest
class IsolationVerifierIT {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String READ_TEMPLATE = "hackops_vfy_" + RUN + "_read";
    private static final String EVENTS_TEMPLATE = "hackops_vfy_" + RUN + "_events";
    private static final List<String> CREATED = new ArrayList<>();

    @BeforeAll
    static void migratedTemplates() throws SQLException, IOException {
        create(READ_TEMPLATE, null);
        Flyway.configure().dataSource(url(READ_TEMPLATE), "hackops_owner", "hackops_owner")
                .locations("classpath:db/migration").placeholders(Map.of("query_role", "hackops_query"))
                .load().migrate();
        create(EVENTS_TEMPLATE, null);
        CommandSideSchema.migrate(url(EVENTS_TEMPLATE));
    }

    @AfterAll
    static void dropScratchDatabases() throws SQLException {
        for (int i = CREATED.size() - 1; i >= 0; i--) {
            execute("postgres", "hackops_owner", "DROP DATABASE IF EXISTS " + CREATED.get(i) + " WITH (FORCE)");
        }
    }

    @Test
    void the_databases_the_service_migrated_pass() {
        IsolationVerifier.Outcome outcome = IsolationVerifier.run(TestInfrastructure.databaseUrl(),
                TestInfrastructure.eventStoreUrl());
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).containsPattern("[1-9][0-9]* tables with tenant_id").doesNotContain("FAIL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            FORCE switched off          | ALTER TABLE read_green.tenant_usage NO FORCE ROW LEVEL SECURITY                         | read_green.tenant_usage: row-level security is not forced
            RLS switched off            | ALTER TABLE read_blue.plan_history DISABLE ROW LEVEL SECURITY                           | read_blue.plan_history: row-level security is not enabled
            WITH CHECK dropped          | DROP POLICY tenant_isolation ON read_blue.usage_hourly; CREATE POLICY tenant_isolation ON read_blue.usage_hourly USING (tenant_id = public.app_tenant()) | read_blue.usage_hourly: no policy has WITH CHECK
            tenant_id index dropped     | ALTER TABLE read_green.projection_stream DROP CONSTRAINT projection_stream_pkey        | read_green.projection_stream: no index leads with tenant_id
            definer-rights view         | CREATE VIEW public.tenant_names AS SELECT tenant_id, name FROM read_blue.tenant_summary | public.tenant_names: view is not security_invoker
            materialized view           | CREATE MATERIALIZED VIEW public.usage_copy AS SELECT tenant_id, used FROM read_blue.tenant_usage | public.usage_copy: materialized view holds tenant_id rows
            function with its own SET   | CREATE FUNCTION public.pinned_usage() RETURNS bigint LANGUAGE sql SET search_path = read_blue AS $$ SELECT sum(used) FROM tenant_usage $$ | public.pinned_usage(): function sets search_path=read_blue for itself
            definer-rights function     | CREATE FUNCTION public.usage_of(t uuid) RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$ SELECT sum(used) FROM read_blue.tenant_usage WHERE tenant_id = t $$ | public.usage_of(t uuid): function is SECURITY DEFINER
            """)
    void a_broken_read_model_fails_naming_the_object(String breakage, String sql, String expected) throws SQLException {
        String database = copyOf(READ_TEMPLATE, breakage);
        execute(database, "hackops_owner", sql);

        IsolationVerifier.Outcome outcome = IsolationVerifier.run(url(database), "-");

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("FAIL " + database + ": " + expected);
        assertThat(outcome.output().lines().filter(line -> line.startsWith("FAIL"))).as("only the breakage is reported")
                .hasSize(1);
    }

    @Test
    void a_security_invoker_view_passes() throws SQLException {
        String database = copyOf(READ_TEMPLATE, "invoker view");
        execute(database, "hackops_owner", "CREATE VIEW public.tenant_names WITH (security_invoker = true) AS "
                + "SELECT tenant_id, name FROM read_blue.tenant_summary");

        IsolationVerifier.Outcome outcome = IsolationVerifier.run(url(database), "-");

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("1 views (security_invoker)");
    }

    @Test
    void a_table_the_service_role_owns_fails_even_with_row_level_security() throws SQLException {
        String database = copyOf(READ_TEMPLATE, "owned table");
        execute(database, "hackops_owner", "GRANT CREATE ON SCHEMA public TO hackops_query");
        execute(database, "hackops_query", """
                CREATE TABLE public.side_notes (tenant_id uuid PRIMARY KEY, note text);
                ALTER TABLE public.side_notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE public.side_notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY tenant_isolation ON public.side_notes USING (tenant_id = public.app_tenant())
                    WITH CHECK (tenant_id = public.app_tenant())""");

        IsolationVerifier.Outcome outcome = IsolationVerifier.run(url(database), "-");

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("FAIL " + database + ": public.side_notes: owned by hackops_query");
    }

    @Test
    void an_event_store_that_lets_a_service_change_history_fails() throws SQLException {
        String database = copyOf(EVENTS_TEMPLATE, "event grants");
        execute(database, "hackops_owner", "GRANT UPDATE (payload) ON domain_event_entry TO hackops_query; "
                + "GRANT DELETE ON domain_event_entry TO PUBLIC");

        IsolationVerifier.Outcome outcome = IsolationVerifier.run("-", url(database));

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains(
                "FAIL " + database + ": domain_event_entry: hackops_query may UPDATE it",
                "FAIL " + database + ": domain_event_entry: hackops_command may DELETE it",
                "FAIL " + database + ": domain_event_entry: hackops_query may DELETE it",
                "FAIL " + database + ": domain_event_entry: hackops_audit may DELETE it");
    }

    @Test
    void a_database_without_read_models_is_not_taken_for_a_safe_one() throws SQLException {
        String database = create("hackops_vfy_" + RUN + "_empty", null);

        IsolationVerifier.Outcome outcome = IsolationVerifier.run(url(database), "-");

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("tenant_id: no table has it");
    }

    private static String copyOf(String template, String breakage) throws SQLException {
        return create("hackops_vfy_" + RUN + "_" + Integer.toHexString(breakage.hashCode()), template);
    }

    private static String create(String database, String template) throws SQLException {
        execute("postgres", "hackops_owner", "CREATE DATABASE " + database + (template == null ? "" : " TEMPLATE " + template));
        CREATED.add(database);
        return database;
    }

    private static void execute(String database, String role, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(database), role, role);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://%s:%s/%s".formatted(HOST, PORT, database);
    }
}
