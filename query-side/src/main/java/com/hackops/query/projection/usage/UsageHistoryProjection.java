package com.hackops.query.projection.usage;

import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.query.projection.TenantEvent;
import com.hackops.query.projection.TenantProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hourly buckets of usage changes, by the hour each change occurred in: what the charts draw. */
@Component
class UsageHistoryProjection implements TenantProjection {

    private static final long SECONDS_PER_HOUR = 3_600;

    private final JdbcTemplate jdbc;

    UsageHistoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(TenantEvent event) {
        applyAll(List.of(event));
    }

    /**
     * The changes of the events (one, or a run of them) folded per (metric, hour) first: one upsert per bucket instead
     * of one per change (a batch event holds up to 1,000 changes, a catch-up run many events); the sums, the last value
     * and the peak come out the same. Other events do not touch the buckets.
     */
    @Override
    public void applyAll(List<TenantEvent> events) {
        Map<BucketKey, Bucket> buckets = new LinkedHashMap<>();
        for (TenantEvent event : events) {
            if (event.payload() instanceof UsageTracked tracked) {
                for (UsageChange change : tracked.changes()) {
                    // keyed by numbers, not text: a key written per change was a tenth of a rebuild's CPU
                    long hour = Math.floorDiv(change.occurredAt().getEpochSecond(), SECONDS_PER_HOUR);
                    buckets.computeIfAbsent(new BucketKey(change.metric(), hour), Bucket::new).add(change);
                }
            }
        }
        UUID tenantId = events.get(0).tenantId();
        for (Bucket bucket : buckets.values()) {
            jdbc.update("""
                    INSERT INTO usage_hourly AS h (tenant_id, metric, hour, increments, decrements, changes, closing_used, peak_used)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, metric, hour) DO UPDATE SET
                        increments = h.increments + EXCLUDED.increments,
                        decrements = h.decrements + EXCLUDED.decrements,
                        changes = h.changes + EXCLUDED.changes,
                        closing_used = EXCLUDED.closing_used,
                        peak_used = greatest(h.peak_used, EXCLUDED.peak_used)""",
                    tenantId, bucket.metric, Timestamp.from(bucket.hour), bucket.increments, bucket.decrements,
                    bucket.changes, bucket.closing, bucket.peak);
        }
    }

    /** A metric and an hour, numbered from the epoch. */
    private record BucketKey(Metric metric, long hoursSinceEpoch) {
    }

    /** One (metric, hour) of an event: what its changes add up to. */
    private static final class Bucket {
        private final String metric;
        private final Instant hour;
        private long increments;
        private long decrements;
        private int changes;
        private long closing;
        private long peak = Long.MIN_VALUE;

        Bucket(BucketKey key) {
            this.metric = key.metric().name();
            this.hour = Instant.ofEpochSecond(key.hoursSinceEpoch() * SECONDS_PER_HOUR);
        }

        void add(UsageChange change) {
            increments += Math.max(change.delta(), 0);
            decrements += Math.max(-change.delta(), 0);
            changes++;
            closing = change.used();
            peak = Math.max(peak, change.used());
        }
    }
}
