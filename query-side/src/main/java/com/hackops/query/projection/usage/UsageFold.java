package com.hackops.query.projection.usage;

import com.hackops.events.types.Metric;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;
import com.hackops.query.projection.TenantEvent;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stretch of one tenant's usage reports folded into what the read models keep of them: each metric's value after
 * its last change (each change carries the value after it, so only the last counts), with when its event happened,
 * and the changes summed per (metric, hour), by the hour each change occurred in. A batch event holds up to 1,000
 * changes and a catch-up run many events; folded, they are one row per metric and one per bucket, written by
 * {@code read_model_usage_changes} (V7) from {@link #json()}.
 */
final class UsageFold {

    private static final long SECONDS_PER_HOUR = 3_600;

    private final Map<Metric, Last> last = new EnumMap<>(Metric.class);
    private final Map<BucketKey, Bucket> buckets = new LinkedHashMap<>();

    void add(TenantEvent event, UsageTracked tracked) {
        for (UsageChange change : tracked.changes()) {
            last.put(change.metric(), new Last(change.used(), event.occurredAt()));
            // keyed by numbers, not text: a key written per change was a tenth of a rebuild's CPU
            long hour = Math.floorDiv(change.occurredAt().getEpochSecond(), SECONDS_PER_HOUR);
            buckets.computeIfAbsent(new BucketKey(change.metric(), hour), Bucket::new).add(change);
        }
    }

    boolean isEmpty() {
        return last.isEmpty();
    }

    /** {"used":[{"metric","used","at"}…],"hourly":[{"metric","hour","increments",…}…]}: names and numbers only. */
    String json() {
        StringBuilder json = new StringBuilder(64 + 48 * last.size() + 144 * buckets.size());
        appendTo(json);
        return json.toString();
    }

    void appendTo(StringBuilder json) {
        json.append("{\"used\":[");
        String separator = "";
        for (Map.Entry<Metric, Last> entry : last.entrySet()) {
            json.append(separator).append("{\"metric\":\"").append(entry.getKey().name())
                    .append("\",\"used\":").append(entry.getValue().used())
                    .append(",\"at\":").append(JsonInstants.micros(entry.getValue().at())).append('}');
            separator = ",";
        }
        json.append("],\"hourly\":[");
        separator = "";
        for (Bucket bucket : buckets.values()) {
            json.append(separator).append("{\"metric\":\"").append(bucket.metric.name())
                    .append("\",\"hour\":").append(JsonInstants.micros(Instant.ofEpochSecond(bucket.hour * SECONDS_PER_HOUR)))
                    .append(",\"increments\":").append(bucket.increments)
                    .append(",\"decrements\":").append(bucket.decrements)
                    .append(",\"changes\":").append(bucket.changes)
                    .append(",\"closing\":").append(bucket.closing)
                    .append(",\"peak\":").append(bucket.peak).append('}');
            separator = ",";
        }
        json.append("]}");
    }

    /** A metric's value after its last change so far, and when that change's event happened. */
    private record Last(long used, Instant at) {
    }

    /** A metric and an hour, numbered from the epoch. */
    private record BucketKey(Metric metric, long hoursSinceEpoch) {
    }

    /** One (metric, hour): what its changes add up to. */
    private static final class Bucket {
        private final Metric metric;
        private final long hour;
        private long increments;
        private long decrements;
        private int changes;
        private long closing;
        private long peak = Long.MIN_VALUE;

        Bucket(BucketKey key) {
            this.metric = key.metric();
            this.hour = key.hoursSinceEpoch();
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
