package com.hackops.command.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The tenants' aggregate cache: held strongly (at most {@code maxSize} tenants, least recently used out) and checked
 * against the event store on every use. A cached tenant is handed out only while its version is still the last
 * sequence number stored for it — one look-up in the primary key's index, in the command's own transaction —
 * otherwise it is dropped and the tenant is loaded from its snapshot and events.
 * <p>
 * Why: a weakly held tenant is dropped by nearly every garbage collection, so almost every command reloaded its
 * tenant (snapshot, events, JSON); a strongly held one that is not checked goes stale as soon as another
 * command-side node writes the tenant, and a decision on stale state that appends nothing (a refused increment, a
 * deadline) would be wrong. A write that races the check still loses its append on the unique
 * {@code (aggregate_identifier, sequence_number)} key and is retried on fresh state.
 * <p>
 * A group of the {@link GroupCommitCommandBus} (a unit of work naming the tenants it is about to load,
 * {@link GroupCommitCommandBus#GROUP_TARGETS}) has its cached tenants checked together, in one statement at its first
 * use of the cache — in the group's transaction, before any of them is decided — instead of one round trip each.
 * Every member was already waiting when that statement ran, so a decision on the store as it then was is a decision
 * at a moment within the member's own request, as its own check would be. Each such answer serves one use; a tenant
 * used again in the unit of work (Axon keeps a loaded tenant for the unit of work, so this is rare) is looked up again.
 */
public final class StoreCheckedCache implements Cache {

    private static final String GROUP_CHECKS = StoreCheckedCache.class.getName() + ".groupChecks";
    private static final Field VERSION = entryField("version");
    private static final Field ROOT = entryField("aggregateRoot");
    private static final Field DELETED = entryField("deleted");

    private final ConcurrentMap<Object, Object> entries;
    private final JdbcTemplate jdbc;
    private final String lastSequenceQuery;
    private final String lastSequencesQuery;
    private final CopyOnWriteArrayList<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public StoreCheckedCache(int maxSize, JdbcTemplate jdbc, String eventTable) {
        this.entries = Caffeine.newBuilder().maximumSize(maxSize).build().asMap();
        this.jdbc = jdbc;
        this.lastSequenceQuery = lastSequenceQuery(eventTable);
        this.lastSequencesQuery = lastSequencesQuery(eventTable);
    }

    /**
     * The last sequence number stored for a tenant. Not {@code max()}: on a table without statistics (a new store,
     * autovacuum off) PostgreSQL's cached generic plan aggregated every event of the tenant, so a hot tenant's check
     * grew with its history (150 single calls/s after 10,000 events); this form reads one index entry in any plan.
     */
    static String lastSequenceQuery(String eventTable) {
        return "SELECT sequence_number FROM " + eventTable
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1";
    }

    /** The same look-up for many tenants in one statement: each tenant's last sequence number (null when none). */
    static String lastSequencesQuery(String eventTable) {
        return "SELECT t.id, (" + lastSequenceQuery(eventTable).replace("?", "t.id")
                + ") FROM unnest(?::varchar[]) AS t(id)";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof AggregateCacheEntry<?> entry && !current(key, entry)) {
            entries.remove(key, value);
            listeners.forEach(listener -> listener.onEntryExpired(key));
            return null;
        }
        listeners.forEach(listener -> listener.onEntryRead(key, value));
        return (V) value;
    }

    private boolean current(Object key, AggregateCacheEntry<?> entry) {
        String tenant = key.toString();
        Map<String, Long> checkedTogether = groupChecks();
        Long stored;
        if (checkedTogether != null && checkedTogether.containsKey(tenant)) {
            stored = checkedTogether.remove(tenant);
        } else {
            List<Long> last = jdbc.queryForList(lastSequenceQuery, Long.class, tenant);
            stored = last.isEmpty() ? null : last.get(0);
        }
        return Objects.equals(stored, versionOf(entry));
    }

    /**
     * The stored versions of the current group's cached tenants, looked up together at the group's first use; none
     * once the group's members have run (a command sent from a commit handler was not waiting when they were looked
     * up).
     */
    private Map<String, Long> groupChecks() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<String> targets = root.getResource(GroupCommitCommandBus.GROUP_TARGETS);
        if (targets == null || root.phase() != UnitOfWork.Phase.STARTED) {
            return null;
        }
        return root.getOrComputeResource(GROUP_CHECKS, name -> lastSequences(
                targets.stream().distinct().filter(entries::containsKey).toArray(String[]::new)));
    }

    private Map<String, Long> lastSequences(String[] tenants) {
        Map<String, Long> stored = new HashMap<>();
        if (tenants.length == 0) {
            return stored;
        }
        jdbc.query(lastSequencesQuery,
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("varchar", tenants)),
                (RowCallbackHandler) row -> stored.put(row.getString(1), row.getObject(2, Long.class)));
        return stored;
    }

    @Override
    public void put(Object key, Object value) {
        Object previous = entries.put(key, value);
        listeners.forEach(listener -> {
            if (previous == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added = entries.putIfAbsent(key, value) == null;
        if (added) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        entries.keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * A cached aggregate as it was put, without the store check: for the {@link CacheSnapshotter}, which asks while the
     * unit of work that put it still holds the aggregate's lock. Null when nothing is cached under the key.
     */
    Held held(String key) {
        return entries.get(key) instanceof AggregateCacheEntry<?> entry
                ? new Held(entryValue(ROOT, entry), versionOf(entry), (Boolean) entryValue(DELETED, entry))
                : null;
    }

    /**
     * A cached aggregate: its root, its version (the sequence number of its last event, null before its first) and
     * whether it was deleted.
     */
    record Held(Object root, Long version, boolean deleted) {
    }

    /** The aggregate's version when it was cached: the sequence number of its last event (Axon keeps it private). */
    private static Long versionOf(AggregateCacheEntry<?> entry) {
        return (Long) entryValue(VERSION, entry);
    }

    private static Object entryValue(Field field, AggregateCacheEntry<?> entry) {
        try {
            return field.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field entryField(String name) {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Axon's AggregateCacheEntry has no " + name + " field any more", e);
        }
    }
}
