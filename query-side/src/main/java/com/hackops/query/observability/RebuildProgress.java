package com.hackops.query.observability;

import com.hackops.query.audit.Rebuilds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Gauges {@code hackops.rebuild.events.done} and {@code hackops.rebuild.events.planned}: the progress of the latest
 * read-model rebuild of this instance (events replayed, events it replays in all), 0 before the first one. Not
 * {@code ….total}: Prometheus reserves {@code _total} for counters and exports such a gauge as
 * {@code hackops_rebuild_events}, which reads like something else.
 */
@Component
class RebuildProgress implements MeterBinder {

    private final Rebuilds rebuilds;

    RebuildProgress(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("hackops.rebuild.events.done", rebuilds,
                        r -> r.latest().map(Rebuilds.Job::getEventsDone).orElse(0L))
                .description("events the latest read-model rebuild has replayed").register(meters);
        Gauge.builder("hackops.rebuild.events.planned", rebuilds,
                        r -> r.latest().map(Rebuilds.Job::getEventsTotal).orElse(0L))
                .description("events the latest read-model rebuild replays in all").register(meters);
    }
}
