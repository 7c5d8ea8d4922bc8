package com.hackops.bench.load;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/** What a load phase measured: units done (calls, increments, events), failed calls by status, latencies in µs. */
public final class Stats {

    private final Histogram latencyMicros = new Histogram(120_000_000L, 3);
    private final Map<Integer, Long> failures = new TreeMap<>();
    private long calls;
    private long units;
    private double seconds;

    public synchronized void add(Stats other) {
        latencyMicros.add(other.latencyMicros);
        other.failures.forEach((status, n) -> failures.merge(status, n, Long::sum));
        calls += other.calls;
        units += other.units;
    }

    /** One finished call: its latency, and how many units it did (0 when it failed with {@code status}). */
    public void record(long nanos, long doneUnits, int status) {
        latencyMicros.recordValue(Math.min(Math.max(1, nanos / 1_000), latencyMicros.getHighestTrackableValue()));
        calls++;
        if (doneUnits > 0 || status / 100 == 2) {
            units += doneUnits;
        } else {
            failures.merge(status, 1L, Long::sum);
        }
    }

    void seconds(double seconds) {
        this.seconds = seconds;
    }

    public double seconds() {
        return seconds;
    }

    public long calls() {
        return calls;
    }

    public long units() {
        return units;
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<Integer, Long> failures() {
        return failures;
    }

    public double perSecond() {
        return seconds <= 0 ? 0 : units / seconds;
    }

    public double callsPerSecond() {
        return seconds <= 0 ? 0 : calls / seconds;
    }

    /** A latency percentile in milliseconds. */
    public double millis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public String toString() {
        return "%d calls, %d units in %.1f s = %.1f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, failed %s".formatted(
                calls, units, seconds, perSecond(), millis(50), millis(99), millis(100), failures);
    }
}
