package com.hackops.query.support;

import com.hackops.events.membership.MemberAdded;
import com.hackops.events.tenant.TenantCreated;
import com.hackops.events.types.Feature;
import com.hackops.events.types.Limits;
import com.hackops.events.types.Metric;
import com.hackops.events.types.Plan;
import com.hackops.events.types.Role;
import com.hackops.events.types.TenantId;
import com.hackops.events.usage.UsageChange;
import com.hackops.events.usage.UsageTracked;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A tenant's event stream under construction: each added event gets the next sequence number. */
public final class History {

    public static final Limits FREE = Limits.of(1, 50, 1_000_000_000L, 1);
    public static final Limits STARTER = Limits.of(5, 200, 5_000_000_000L, 3);

    public final UUID tenant = UUID.randomUUID();
    public final TenantId id = new TenantId(tenant);
    public final String owner = "owner-" + tenant;
    private final List<Object> events = new ArrayList<>();

    public static History created(String name) {
        History history = new History();
        history.add(new TenantCreated(history.id, name, "t-" + history.tenant.toString().substring(0, 8), Plan.FREE, FREE,
                Set.of(), history.owner));
        history.add(new MemberAdded(history.id, history.owner,
                PersonKeys.seal(history.tenant, history.owner, history.owner + "@example.com", null), Role.OWNER, history.owner));
        return history;
    }

    public History add(Object event) {
        events.add(event);
        return this;
    }

    public UsageTracked usage(Metric metric, long delta, long used, Instant at) {
        return new UsageTracked(id, List.of(new UsageChange(metric, delta, delta, used, at)), owner);
    }

    public Set<Feature> noFeatures() {
        return Set.of();
    }

    public List<Object> events() {
        return events;
    }

    public long lastSequence() {
        return events.size() - 1;
    }

    /** Publishes events {@code from} (inclusive) up to the end. */
    public void publish(EventPublisher publisher, int from) {
        for (int sequence = from; sequence < events.size(); sequence++) {
            publisher.publish(tenant, sequence, events.get(sequence));
        }
    }
}
