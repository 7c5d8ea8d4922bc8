package com.hackops.query.projection;

import com.hackops.query.isolation.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one event to every read model, effectively once. In the caller's transaction it binds the tenant, locks
 * the tenant's stream row, and applies the event only if it is the next one of the stream, recording the new sequence
 * in the same transaction (usually the lock and the record are one update, see {@link #applyAll}). A redelivered event
 * (sequence already applied) changes nothing; a gap (an earlier event missing) is an error, never silently skipped; a
 * parked tenant's events queue behind the parked one.
 */
@Component
public class Projector {

    /** What happened to an event. */
    public enum Outcome { APPLIED, DUPLICATE, PARKED_BEHIND }

    private static final String LOCK_STREAM = "SELECT last_sequence, parked FROM projection_stream WHERE tenant_id = ? FOR UPDATE";
    private static final RowMapper<Stream> STREAM = (rs, i) -> new Stream(rs.getLong(1), rs.getBoolean(2));

    private final JdbcTemplate jdbc;
    private final TenantContext context;
    private final List<TenantProjection> projections;
    private final List<RunsInOneTrip> inOneTrip;

    public Projector(JdbcTemplate jdbc, TenantContext context, List<TenantProjection> projections,
                     List<RunsInOneTrip> inOneTrip) {
        this.jdbc = jdbc;
        this.context = context;
        this.projections = projections;
        this.inOneTrip = inOneTrip;
    }

    /**
     * Applies the runs of several tenants (at most one run per tenant, each as {@link #applyAll} would), in the
     * caller's transaction, which has chosen its read-model generation. Runs a {@link RunsInOneTrip} takes — the usual
     * case under load: a report or two of each of many tenants — go to the database together, one round trip for all
     * of them; the runs among them that do not continue their stream, and every other run, go through
     * {@link #applyAll} one by one. Returns each run's outcomes, in the order of the runs.
     */
    public List<List<Outcome>> applyRuns(List<List<TenantEvent>> runs) {
        context.requireGeneration();
        Map<RunsInOneTrip, List<List<TenantEvent>>> together = new LinkedHashMap<>();
        Set<UUID> tenants = new HashSet<>();
        for (List<TenantEvent> run : runs) {
            if (!tenants.add(run.get(0).tenantId())) {
                throw new IllegalArgumentException("two runs of tenant " + run.get(0).tenantId() + " in one call");
            }
            if (consecutive(run)) {
                inOneTrip.stream().filter(writer -> writer.takes(run)).findFirst()
                        .ifPresent(writer -> together.computeIfAbsent(writer, w -> new ArrayList<>()).add(run));
            }
        }
        Set<UUID> applied = new HashSet<>();
        Set<UUID> notAdvanced = new HashSet<>();
        together.forEach((writer, taken) -> {
            Set<UUID> missed = writer.apply(taken);
            notAdvanced.addAll(missed);
            taken.stream().map(run -> run.get(0).tenantId()).filter(tenant -> !missed.contains(tenant)).forEach(applied::add);
        });
        List<List<Outcome>> outcomes = new ArrayList<>(runs.size());
        for (List<TenantEvent> run : runs) {
            UUID tenant = run.get(0).tenantId();
            // a run the writer did not advance does not continue its stream: straight to the lock-and-look path
            outcomes.add(applied.contains(tenant) ? Collections.nCopies(run.size(), Outcome.APPLIED)
                    : applyAll(run, !notAdvanced.contains(tenant)));
        }
        return outcomes;
    }

    /** Applies the event unless its tenant is parked (then the caller parks it too). */
    public Outcome apply(TenantEvent event) {
        return applyAll(List.of(event)).get(0);
    }

    /**
     * Applies consecutive events of one tenant, in their order, as {@link #apply} would one by one, but with one
     * binding, one stream lock and one stream update for all of them: a catch-up or a rebuild reads a tenant's events
     * in runs, and each of those statements is a round trip. A run that continues its stream (nearly every one) takes
     * two round trips besides the projections' own: the binding and one update of the stream row. Returns each event's
     * outcome, in the same order.
     */
    public List<Outcome> applyAll(List<TenantEvent> events) {
        return applyAll(events, true);
    }

    private List<Outcome> applyAll(List<TenantEvent> events, boolean mayContinue) {
        TenantEvent first = events.get(0);
        context.bindTenant(first.tenantId());
        if (mayContinue && continuesStream(events)) {
            for (TenantProjection projection : projections) {
                projection.applyAll(events);
            }
            return Collections.nCopies(events.size(), Outcome.APPLIED);
        }
        Stream stream = lockStream(first);
        long last = stream.lastSequence();
        List<TenantEvent> next = new ArrayList<>(events.size());
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (TenantEvent event : events) {
            if (!event.tenantId().equals(first.tenantId())) {
                throw new IllegalArgumentException("a run holds the events of one tenant");
            }
            if (event.sequence() <= last) {
                outcomes.add(Outcome.DUPLICATE);
            } else if (stream.parked()) {
                outcomes.add(Outcome.PARKED_BEHIND);
            } else {
                requireNext(event, last);
                last = event.sequence();
                next.add(event);
                outcomes.add(Outcome.APPLIED);
            }
        }
        if (!next.isEmpty()) {
            for (TenantProjection projection : projections) {
                projection.applyAll(next);
            }
            recordApplied(next.get(next.size() - 1));
        }
        return outcomes;
    }

    /**
     * The usual case in one round trip: the run is the next events of a stream that is not parked, so the stream row is
     * locked and advanced past the run by one update (the projections then apply it in the same transaction). Anything
     * else — a redelivery, a gap, a parked or new tenant — updates no row and takes the lock-and-look path.
     */
    private boolean continuesStream(List<TenantEvent> events) {
        if (!consecutive(events)) {
            return false;
        }
        TenantEvent first = events.get(0);
        TenantEvent last = events.get(events.size() - 1);
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT public.read_model_advance_stream(?, ?, ?, ?, ?)",
                Boolean.class, first.tenantId(), first.sequence() - 1, last.sequence(), last.position(),
                Timestamp.from(last.occurredAt())));
    }

    /** Whether the events are one tenant's, with consecutive sequences. */
    private static boolean consecutive(List<TenantEvent> events) {
        TenantEvent first = events.get(0);
        for (int i = 1; i < events.size(); i++) {
            TenantEvent event = events.get(i);
            if (!event.tenantId().equals(first.tenantId()) || event.sequence() != first.sequence() + i) {
                return false;
            }
        }
        return true;
    }

    /** Applies a parked event during an operator's retry; the tenant is bound and its stream locked by the caller. */
    void applyParked(TenantEvent event) {
        Stream stream = lockStream(event);
        if (event.sequence() > stream.lastSequence()) {
            applyNext(event, stream);
        }
    }

    private void applyNext(TenantEvent event, Stream stream) {
        project(event, stream.lastSequence());
        recordApplied(event);
    }

    private void project(TenantEvent event, long lastSequence) {
        requireNext(event, lastSequence);
        for (TenantProjection projection : projections) {
            projection.apply(event);
        }
    }

    private static void requireNext(TenantEvent event, long lastSequence) {
        if (event.sequence() != lastSequence + 1) {
            throw new IllegalStateException("tenant %s: event %d arrived after %d; the events between are missing"
                    .formatted(event.tenantId(), event.sequence(), lastSequence));
        }
    }

    private void recordApplied(TenantEvent event) {
        jdbc.update("UPDATE projection_stream SET last_sequence = ?, last_position = ?, updated_at = ? WHERE tenant_id = ?",
                event.sequence(), event.position(), Timestamp.from(event.occurredAt()), event.tenantId());
    }

    /** Locks the tenant's stream row, creating it first for a new tenant: one round trip for a known tenant. */
    private Stream lockStream(TenantEvent event) {
        List<Stream> stream = jdbc.query(LOCK_STREAM, STREAM, event.tenantId());
        if (!stream.isEmpty()) {
            return stream.get(0);
        }
        jdbc.update("""
                INSERT INTO projection_stream (tenant_id, last_sequence, last_position, updated_at, parked)
                VALUES (?, -1, -1, now(), false) ON CONFLICT (tenant_id) DO NOTHING""", event.tenantId());
        return jdbc.queryForObject(LOCK_STREAM, STREAM, event.tenantId());
    }

    private record Stream(long lastSequence, boolean parked) {
    }
}
