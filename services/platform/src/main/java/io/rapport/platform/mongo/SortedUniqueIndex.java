package io.rapport.platform.mongo;

import java.util.AbstractMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * A unique index whose keys are kept in {@link IndexKeyType} order, in the file (an H2 map) or in memory (a skip
 * list), so that a range of keys is read in order, from its first key on ({@link KeyedQueries}).
 */
final class SortedUniqueIndex<P> extends AbstractUniqueIndex<P> {

    private final ConcurrentMap<KeyValue, P> positions;
    private final Function<KeyValue, Iterator<Map.Entry<KeyValue, P>>> ascendingFrom;

    private SortedUniqueIndex(ConcurrentMap<KeyValue, P> positions,
                              Function<KeyValue, Iterator<Map.Entry<KeyValue, P>>> ascendingFrom,
                              String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.positions = positions;
        this.ascendingFrom = ascendingFrom;
    }

    /** An index of the file backend, in a map of the store whose keys are {@link IndexKeyType}s. */
    static SortedUniqueIndex<Object> inFile(MVMap<KeyValue, Object> positions, String name, List<IndexKey> keys,
                                            boolean sparse) {
        return new SortedUniqueIndex<>(positions, first -> entries(positions.cursor(first)), name, keys, sparse);
    }

    /** An index of the memory backend. */
    static SortedUniqueIndex<Integer> inMemory(String name, List<IndexKey> keys, boolean sparse) {
        ConcurrentSkipListMap<KeyValue, Integer> positions = new ConcurrentSkipListMap<>(IndexKeyType.INSTANCE);
        return new SortedUniqueIndex<>(positions,
                first -> (first == null ? positions : positions.tailMap(first, true)).entrySet().iterator(),
                name, keys, sparse);
    }

    private static Iterator<Map.Entry<KeyValue, Object>> entries(Cursor<KeyValue, Object> cursor) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Map.Entry<KeyValue, Object> next() {
                KeyValue key = cursor.next();
                return new AbstractMap.SimpleImmutableEntry<>(key, cursor.getValue());
            }
        };
    }

    /** The index's entries in key order, from {@code first} (inclusive; null: from the first key) on. */
    Iterator<Map.Entry<KeyValue, P>> ascendingFrom(KeyValue first) {
        return ascendingFrom.apply(first);
    }

    @Override
    protected P removeDocument(KeyValue key) {
        return positions.remove(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean putKeyPosition(KeyValue key, P position) {
        // As the H2 backend stores them: a null position (a document without an id) as Missing.
        return positions.putIfAbsent(key, (P) Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, P>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected P getPosition(KeyValue key) {
        return positions.get(key);
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
