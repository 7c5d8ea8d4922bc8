package com.hackops.query.isolation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.ResultSet;
import java.util.UUID;

/**
 * Tells PostgreSQL, for the current transaction only, whose rows it may show and which read-model generation
 * (schema) it reads. {@code set_config(…, true)} is transaction-local: it ends with the transaction, so a pooled
 * connection never carries a tenant over to the next request. Binding outside a transaction is refused, because the
 * setting would then not end.
 * <p>
 * Each binding sets all three settings the policies read ({@code app.tenant_id}, {@code app.user_id},
 * {@code app.platform_admin}) in one statement, the ones it does not grant to empty. A transaction-local value
 * overrides a session-level one, so whatever a connection was left with by a plain {@code SET} (a bug, a tool, a
 * library) cannot widen what a bound transaction sees; PoolPoisoningIT poisons every pooled connection to prove it.
 * A binding replaces the previous one of the transaction: it sees exactly one tenant, one user or the admin path.
 * <p>
 * The first binding of a transaction also points its search_path at the active generation, unless the transaction
 * chose one explicitly: the live projections lock it (so a rebuild's switch waits for them), a rebuild names the
 * generation it fills.
 */
@Component
public class TenantContext {

    private static final Logger audit = LoggerFactory.getLogger("hackops.audit.platform-admin");

    private final JdbcTemplate jdbc;

    public TenantContext(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final Object GENERATION = new Object();
    private static final java.util.regex.Pattern SCHEMA = java.util.regex.Pattern.compile("read_(blue|green)");
    /** The three settings of a binding, the ones it does not grant empty. */
    private static final String SETTINGS = """
            set_config('app.tenant_id', ?, true) || set_config('app.user_id', ?, true)
                   || set_config('app.platform_admin', ?, true)""";
    /** A binding in a transaction that has chosen its generation. */
    private static final String BIND = "SELECT " + SETTINGS;
    /**
     * The transaction's first binding: it also points the search_path at the active generation. It binds the settings
     * even when no generation is active (the search_path then falls back to its default, where no read model lives),
     * so that no statement sent after it ever runs unbound; the caller refuses the null generation.
     */
    private static final String CHOOSE_AND_BIND = """
            SELECT g.schema_name, set_config('search_path', g.schema_name || ', public', true), %s
            FROM (VALUES (1)) AS one LEFT JOIN public.read_model_generation g ON g.active""".formatted(SETTINGS);

    /** Reads the active generation and holds a share lock on that choice until the transaction ends. */
    public String lockActiveGeneration() {
        String schema = jdbc.queryForObject("SELECT schema_name FROM public.read_model_generation WHERE active FOR SHARE", String.class);
        useGeneration(schema);
        return schema;
    }

    /**
     * Fails unless this transaction has chosen its read-model generation ({@link #lockActiveGeneration} or
     * {@link #useGeneration}): for writes that bind tenants inside the database ({@code read_model_apply_usage_runs},
     * which binds the same three settings as {@link #bindTenant}) and rely on the search_path being set.
     */
    public void requireGeneration() {
        requireTransaction("search_path");
        if (!TransactionSynchronizationManager.hasResource(GENERATION)) {
            throw new IllegalStateException("this transaction has not chosen its read-model generation");
        }
    }

    /** Points this transaction at one generation explicitly (a rebuild fills the inactive one). */
    public void useGeneration(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a read-model generation: " + schema);
        }
        set("search_path", schema + ", public");
        remember(schema);
    }

    private static void remember(String schema) {
        if (TransactionSynchronizationManager.hasResource(GENERATION)) {
            TransactionSynchronizationManager.unbindResource(GENERATION);
        } else {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(GENERATION);
                }
            });
        }
        TransactionSynchronizationManager.bindResource(GENERATION, schema);
    }

    /** Every following statement of this transaction sees (and may write) only {@code tenantId}'s rows. */
    public void bindTenant(UUID tenantId) {
        bind(tenantId.toString(), "", "");
    }

    /** Lets this transaction read the caller's own membership rows across tenants, nothing more. */
    public void bindUser(String userId) {
        bind("", userId, "");
    }

    /** The explicit platform-admin path: reads of every tenant for this transaction, logged with who and what. */
    public void bindPlatformAdmin(String userId, String what) {
        audit.info("platform-admin read by {}: {}", userId, what);
        bind("", "", "on");
    }

    /**
     * Binds {@code tenantId} as {@link #bindTenant} does and runs {@code query} (one statement; its parameters are
     * {@code args}) right after it, in the same round trip: pgjdbc sends both statements before one Sync, and
     * PostgreSQL runs them in order in this transaction, so the query already sees only the tenant's rows. For the
     * check every tenant-scoped read starts with (the caller's role in the tenant), which otherwise waits for the
     * binding's answer before it can be sent.
     */
    public <T> T bindTenantAnd(UUID tenantId, String query, ResultSetExtractor<T> extractor, Object... args) {
        requireTransaction("app.*");
        if (query.indexOf(';') >= 0) {
            throw new IllegalArgumentException("one statement after the binding, not several: " + query);
        }
        boolean chooses = !TransactionSynchronizationManager.hasResource(GENERATION);
        Object[] parameters = settings(tenantId.toString(), "", "", args);
        return jdbc.execute((chooses ? CHOOSE_AND_BIND : BIND) + ";\n" + query, (PreparedStatementCallback<T>) statement -> {
            for (int i = 0; i < parameters.length; i++) {
                StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, parameters[i]);
            }
            statement.execute();
            try (ResultSet bound = statement.getResultSet()) {
                if (chooses) {
                    bound.next();
                    remember(chosen(bound.getString(1)));
                }
            }
            if (!statement.getMoreResults()) {
                throw new IllegalArgumentException("the statement after the binding is not a query: " + query);
            }
            try (ResultSet rows = statement.getResultSet()) {
                return extractor.extractData(rows);
            }
        });
    }

    /** A binding's parameters (the three settings), followed by {@code then}. */
    private static Object[] settings(String tenant, String user, String platformAdmin, Object... then) {
        Object[] parameters = new Object[3 + then.length];
        parameters[0] = tenant;
        parameters[1] = user;
        parameters[2] = platformAdmin;
        System.arraycopy(then, 0, parameters, 3, then.length);
        return parameters;
    }

    private static String chosen(String schema) {
        if (schema == null) {
            throw new IncorrectResultSizeDataAccessException("no active read-model generation", 1, 0);
        }
        return schema;
    }

    /** One round trip: the binding, and on the transaction's first binding also the active generation. */
    private void bind(String tenant, String user, String platformAdmin) {
        requireTransaction("app.*");
        if (TransactionSynchronizationManager.hasResource(GENERATION)) {
            jdbc.queryForObject(BIND, String.class, settings(tenant, user, platformAdmin));
        } else {
            remember(chosen(jdbc.queryForObject(CHOOSE_AND_BIND, (rs, row) -> rs.getString(1),
                    settings(tenant, user, platformAdmin))));
        }
    }

    private void set(String setting, String value) {
        requireTransaction(setting);
        jdbc.queryForObject("SELECT set_config(?, ?, true)", String.class, setting, value);
    }

    private static void requireTransaction(String setting) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("tenant context needs a transaction: " + setting);
        }
    }
}
