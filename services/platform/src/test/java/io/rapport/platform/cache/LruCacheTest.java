package io.rapport.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class LruCacheTest {

    @Test
    void keepsTheMostRecentlyUsedEntriesUpToItsSize() {
        LruCache cache = new LruCache(2);
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });

        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).as("least recently used goes first").isFalse();
        assertThat(expired).containsExactly("b");
        assertThat(cache.putIfAbsent("c", 4)).isFalse();
        assertThat(cache.<String, Integer>get("c")).isEqualTo(3);
        assertThat(cache.remove("c")).isTrue();
        assertThat(cache.size()).isEqualTo(1);
        cache.removeAll();
        assertThat(cache.size()).isZero();
    }
}
