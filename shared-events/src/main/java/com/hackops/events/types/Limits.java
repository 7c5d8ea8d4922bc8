package com.hackops.events.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limit of every metric a tenant is granted. Carried by the events that grant it, so the effective limits at
 * any past moment can be reconstructed from the events alone. On the wire: {@code {"EVENTS":1,"PARTICIPANTS":50,...}}.
 */
public record Limits(Map<Metric, Long> values) {

    @JsonCreator
    public Limits {
        EnumMap<Metric, Long> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        for (Metric metric : Metric.values()) {
            Long limit = copy.get(metric);
            if (limit == null || limit < 0) {
                throw new IllegalArgumentException("limit of " + metric + " must be given and not negative");
            }
        }
        values = Collections.unmodifiableMap(copy);
    }

    public static Limits of(long events, long participants, long storageBytes, long admins) {
        return new Limits(Map.of(Metric.EVENTS, events, Metric.PARTICIPANTS, participants,
                Metric.STORAGE_BYTES, storageBytes, Metric.ADMINS, admins));
    }

    /** These limits with each metric named in {@code overrides} replaced by its negotiated value. */
    public Limits overriddenBy(Map<Metric, Long> overrides) {
        EnumMap<Metric, Long> merged = new EnumMap<>(values);
        merged.putAll(overrides);
        return new Limits(merged);
    }

    public long of(Metric metric) {
        return values.get(metric);
    }

    @JsonValue
    @Override
    public Map<Metric, Long> values() {
        return values;
    }
}
