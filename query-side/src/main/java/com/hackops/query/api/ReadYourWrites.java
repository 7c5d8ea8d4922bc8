package com.hackops.query.api;

import com.hackops.query.isolation.TenantReads;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-your-writes: a client that just wrote passes the version the command API answered; the read waits, bounded,
 * until the tenant's read models have applied that version. It polls the database rather than listening in memory
 * because the instance that projects the tenant's partition may be another one.
 */
@Component
class ReadYourWrites {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(15);

    private final TenantReads reads;
    private final JdbcTemplate jdbc;
    private final Duration timeout;

    ReadYourWrites(TenantReads reads, JdbcTemplate jdbc,
                   @Value("${hackops.query.read-your-writes-timeout:PT3S}") Duration timeout) {
        this.reads = reads;
        this.jdbc = jdbc;
        this.timeout = timeout;
    }

    /** Returns once the tenant's read models are at {@code minVersion} or later; throws when the wait runs out. */
    void await(UUID tenantId, Long minVersion) {
        if (minVersion == null) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long version;
        while ((version = versionOf(tenantId)) < minVersion) {
            if (System.nanoTime() > deadline) {
                throw new ReadModelBehind(tenantId, minVersion, version);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private long versionOf(UUID tenantId) {
        return reads.asTenant(tenantId, () -> jdbc.queryForList(
                "SELECT last_sequence FROM projection_stream WHERE tenant_id = ?", Long.class, tenantId)
                .stream().findFirst().orElse(-1L));
    }

    /** The read models have not reached the version the client asked for within the bound. */
    static final class ReadModelBehind extends RuntimeException {
        final long wanted;
        final long reached;

        ReadModelBehind(UUID tenantId, long wanted, long reached) {
            super("The read models of this tenant are at version %d, not yet %d; retry shortly.".formatted(reached, wanted),
                    null, false, false);
            this.wanted = wanted;
            this.reached = reached;
        }
    }
}
