package io.modelledger.platform.axon;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;

import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Aggregates kept in memory between commands ({@code @Aggregate(cache = …)}), so a command does not reread the
 * aggregate's history (or its snapshot and the events after it) from the store. Before a cached aggregate is used,
 * one query on the store's unique key index asks whether the cached version is still the aggregate's last event:
 * another replica of the service may have changed the aggregate since (or the store was restored from an older
 * backup), and then the entry is dropped and the aggregate loads from the store. So a replica never decides on a
 * state it has not seen; a write that races with another replica's between that check and the append is refused by
 * the same unique index (409), and Axon drops the entry on that rollback. At most {@code maximumSize} aggregates are
 * kept (Caffeine's eviction, by recency and frequency), and none longer than ten minutes after its last use.
 */
public final class FreshAggregateCache implements Cache {

    private final MongoEventStorageEngine store;
    private final ConcurrentMap<Object, Object> entries;
    private final AtomicLong stale = new AtomicLong();

    public FreshAggregateCache(MongoEventStorageEngine store, long maximumSize) {
        this.store = store;
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(Duration.ofMinutes(10)).build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !current(key.toString(), entry)) {
            entries.remove(key, value);
            stale.incrementAndGet();
            return null;
        }
        return (V) value;
    }

    /**
     * Whether the cached version is the aggregate's last event in the store. Entries live only in this map, never
     * serialized, so each still holds the aggregate it was made from and recreating it needs no model or store.
     */
    private boolean current(String aggregateIdentifier, AggregateCacheEntry<?> entry) {
        EventSourcedAggregate<?> aggregate = entry.recreateAggregate(null, null, null, null);
        Long version = aggregate.version();
        return version != null && store.isLastEvent(aggregateIdentifier, version);
    }

    /** How many cached aggregates were found behind the store and reloaded. */
    public long staleEntries() {
        return stale.get();
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("FreshAggregateCache reports no entry events");
    }
}
