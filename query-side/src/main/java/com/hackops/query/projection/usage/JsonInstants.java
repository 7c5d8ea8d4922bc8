package com.hackops.query.projection.usage;

import java.time.Instant;

/**
 * Instants handed to the {@code read_model_*} functions (V7) inside their JSON: microseconds since the epoch, which
 * {@code read_model_instant} turns back into a {@code timestamptz} exactly. Numbers, not text: {@code Instant.toString}
 * writes years outside 0001-9999 in forms PostgreSQL refuses ({@code 0000-…}, {@code -0001-…}, {@code +10000-…}), and
 * a usage report may name such a time. Rounded half up to the microsecond, as pgjdbc rounds a {@code Timestamp}'s
 * nanoseconds where an instant is bound as one (PostgreSQL would round a longer text half to even), so the same
 * instant is stored the same on every path.
 */
final class JsonInstants {

    private static final long NANOS_PER_MICRO = 1_000;
    private static final long MICROS_PER_SECOND = 1_000_000;

    private JsonInstants() {
    }

    static long micros(Instant instant) {
        long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                instant.getNano() / NANOS_PER_MICRO);
        return instant.getNano() % NANOS_PER_MICRO >= NANOS_PER_MICRO / 2 ? micros + 1 : micros;
    }
}
