package com.hackops.query.audit;

import com.hackops.events.usage.UsageTracked;
import com.hackops.events.wire.TenantEventsTopic;
import com.hackops.events.wire.WireInstants;
import com.hackops.query.projection.EventDecoder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Streams events out of the event store, decoded through the same contract (and upcasters) as the Kafka path.
 * Its pool is its own and is not a Spring DataSource bean, so it never becomes the service's primary database.
 */
@Component
public class EventStoreReader implements DisposableBean {

    /** Bytes of JSON one usage change takes at most (every number at its longest; ~112 with everyday numbers). */
    private static final long LARGEST_CHANGE = 160;
    /**
     * A bound on one stored event's size: the largest is a usage batch of {@link UsageTracked#MAX_CHANGES} changes,
     * rounded up to a power of two (256 KB).
     */
    static final long LARGEST_EVENT = Long.highestOneBit(UsageTracked.MAX_CHANGES * LARGEST_CHANGE - 1) << 1;
    private static final int MAX_FETCH_ROWS = 2_000;
    private static final String COLUMNS = """
            SELECT global_index, event_identifier, sequence_number, time_stamp, payload_type, payload_revision, payload
            FROM domain_event_entry""";

    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final EventDecoder decoder;

    EventStoreReader(EventStoreProperties properties, EventDecoder decoder) {
        if (properties.fetchBytes().toBytes() < LARGEST_EVENT) {
            throw new IllegalArgumentException("hackops.audit.event-store.fetch-bytes must hold at least one of the largest"
                    + " events (" + LARGEST_EVENT / 1024 + "KB), not " + properties.fetchBytes());
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(0);
        config.setReadOnly(true);
        // a cursor (fetch size) only streams outside autocommit
        config.setAutoCommit(false);
        config.setPoolName("event-store-reader");
        // Results in binary from a statement's first execution. pgjdbc asks for text until a statement has run five
        // times on a connection, and a payload (bytea) in text is hex: twice the bytes, encoded by PostgreSQL and
        // decoded here. Reading 5,000 usage batches (485 MB) took 3.9-4.7 s that way against 1.0-1.3 s in binary.
        // A statement, a reconciliation or a rebuild's first tenants on a connection were all read the slow way.
        config.addDataSourceProperty("prepareThreshold", "-1");
        // a fetch of a tenant's batches holds up to fetchRows x 256 KB; more than twice the budget is an error, not an OOM
        config.addDataSourceProperty("maxResultBuffer", String.valueOf(2 * properties.fetchBytes().toBytes()));
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        this.jdbc = new JdbcTemplate(pool);
        this.jdbc.setFetchSize(fetchRows(properties.fetchBytes().toBytes()));
        this.decoder = decoder;
    }

    /** Rows per fetch: as many as fit in {@code fetchBytes} if each were the largest event (at most 2,000). */
    static int fetchRows(long fetchBytes) {
        return (int) Math.min(MAX_FETCH_ROWS, fetchBytes / LARGEST_EVENT);
    }

    /**
     * The same read-only connection for the command side's small tables the audit role may read as well (API keys,
     * person keys, platform-admin access records): read at the moment of the request, never copied, so what the
     * command side changed holds here from its commit on.
     */
    public JdbcTemplate commandDatabase() {
        return jdbc;
    }

    /** The tenant's events with sequence in (afterSequence, untilSequence] and recorded at or before {@code until}. */
    public void forEach(UUID tenantId, long afterSequence, long untilSequence, Instant until, Consumer<StoredEvent> action) {
        jdbc.query(COLUMNS + " WHERE aggregate_identifier = ? AND sequence_number > ? AND sequence_number <= ? ORDER BY sequence_number",
                (RowCallbackHandler) rs -> {
                    Instant recordedAt = WireInstants.parse(rs.getString(4));
                    if (!recordedAt.isAfter(until)) {
                        String type = TenantEventsTopic.type(rs.getString(5), rs.getString(6));
                        action.accept(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), recordedAt, type,
                                decoder.payload(type, rs.getBytes(7))));
                    }
                }, tenantId.toString(), afterSequence, untilSequence);
    }

    public void forEach(UUID tenantId, Consumer<StoredEvent> action) {
        forEach(tenantId, -1, Long.MAX_VALUE, Instant.MAX, action);
    }

    /** Every tenant with events, and the sequence of its last event. */
    public Map<UUID, Long> lastSequences() {
        Map<UUID, Long> last = new LinkedHashMap<>();
        jdbc.query("SELECT aggregate_identifier, max(sequence_number) FROM domain_event_entry GROUP BY aggregate_identifier ORDER BY 1",
                (RowCallbackHandler) rs -> last.put(UUID.fromString(rs.getString(1)), rs.getLong(2)));
        return last;
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
