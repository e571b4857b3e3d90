package io.rapport.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class CaffeineCacheTest {

    private final List<String> heard = new ArrayList<>();

    private CaffeineCache listenedTo(CaffeineCache cache) {
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                heard.add("expired " + key);
            }

            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }
        });
        return cache;
    }

    @Test
    void holdsNoMoreThanItsSizeAndSaysWhichEntriesItLetGo() {
        CaffeineCache cache = listenedTo(new CaffeineCache(2));
        for (String key : List.of("a", "b", "c", "d")) {
            cache.put(key, key.toUpperCase());
        }

        assertThat(cache.size()).isEqualTo(2);
        List<String> expired = heard.stream().filter(h -> h.startsWith("expired ")).map(h -> h.substring(8)).toList();
        assertThat(expired).hasSize(2).allSatisfy(key -> assertThat(cache.containsKey(key)).isFalse());
    }

    @Test
    void putsReadsAndRemovesAsAxonExpects() {
        CaffeineCache cache = listenedTo(new CaffeineCache(10));
        cache.put("a", 1);
        cache.put("a", 2);
        assertThat(cache.putIfAbsent("a", 3)).isFalse();
        assertThat(cache.putIfAbsent("b", 4)).isTrue();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(2);
        assertThat(cache.<String, Integer>get("none")).isNull();
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        cache.removeAll();

        assertThat(heard).containsExactly("created a", "updated a", "created b", "removed a", "removed b");
        assertThat(cache.size()).isZero();
    }

    @Test
    void countsHitsMissesAndEvictionsAsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CaffeineCache cache = new CaffeineCache(1).monitoredBy(registry, "customers");
        cache.put("a", 1);
        cache.get("a");
        cache.get("a");
        cache.get("b");
        cache.put("b", 2);
        cache.size();

        assertThat(registry.get("cache.gets").tag("cache", "customers").tag("result", "hit").functionCounter().count())
                .isEqualTo(2);
        assertThat(registry.get("cache.gets").tag("cache", "customers").tag("result", "miss").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("cache.evictions").tag("cache", "customers").functionCounter().count()).isEqualTo(1);
    }
}
