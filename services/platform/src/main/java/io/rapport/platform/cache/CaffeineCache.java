package io.rapport.platform.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * An in-memory cache holding up to a fixed count of entries, on Caffeine (which keeps the entries most likely to be
 * used again), usable as Axon's aggregate cache. Axon's {@code WeakReferenceCache} loses its entries at every garbage
 * collection, which under load means reloading nearly every aggregate; this one keeps them until others push them
 * out. {@link #monitoredBy} exports its size, hits, misses and evictions ({@code cache_*} meters tagged with its name).
 */
public class CaffeineCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public CaffeineCache(long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a cache needs room for at least one entry");
        }
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).recordStats()
                // Evictions happen on the writing thread, so a listener hears of them before the write returns.
                .executor(Runnable::run)
                .removalListener((Object key, Object value, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        listeners.forEach(listener -> listener.onEntryExpired(key));
                    }
                })
                .build();
    }

    /** Exports the cache's meters to {@code registry}, tagged {@code cache=name}. */
    public CaffeineCache monitoredBy(MeterRegistry registry, String name) {
        CaffeineCacheMetrics.monitor(registry, entries, name);
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.getIfPresent(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        Object previous = entries.asMap().put(key, value);
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
        if (entries.asMap().putIfAbsent(key, value) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    public boolean remove(Object key) {
        if (entries.asMap().remove(key) == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        List.copyOf(entries.asMap().keySet()).forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many entries it holds once pending evictions are done. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
