package io.rapport.platform.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The embedded server's memory backend, its unique indexes kept in key order, answering a query on {@code _id} and
 * more, or on a range of ids, from the {@code _id} index ({@link KeyedQueries}). Stored documents share their field
 * names: each document read off the wire brings its own copy of every name, and a million stored events held a
 * dozen copies each (about 0.6 GB).
 */
final class KeyedMemoryBackend extends MemoryBackend {

    /** Field names shared, at most this many (names are data too: attribute names, map keys). */
    private static final int MAX_SHARED_NAMES = 16_384;
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new MemoryCollection(this, collectionName, options, cursorRegistry) {
                    @Override
                    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit,
                                                         int batchSize, Document fields) {
                        return KeyedQueries.answer(query, orderBy, getIndexes(),
                                (positions, order) -> matchDocuments(query, positions, order, skip, limit, batchSize,
                                        fields),
                                () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, fields));
                    }

                    @Override
                    protected boolean tracksDataSize() {
                        return false; // see TypedH2Database
                    }

                    @Override
                    protected Integer addDocumentInternal(Document document) {
                        return super.addDocumentInternal(withSharedNames(document));
                    }

                    @Override
                    protected void handleUpdate(Integer position, Document stored, Document updated) {
                        // The stored document was changed in place, taking the update's names.
                        Document shared = withSharedNames(stored);
                        stored.clear();
                        stored.putAll(shared);
                        super.handleUpdate(position, stored, updated);
                    }
                };
            }

            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
                                                             List<IndexKey> keys, boolean sparse) {
                return SortedUniqueIndex.inMemory(indexName, keys, sparse);
            }
        };
    }

    /** A copy of {@code document} (nested documents and lists too) whose field names are the shared ones. */
    static Document withSharedNames(Document document) {
        Document shared = new Document();
        document.forEach((name, value) -> shared.put(sharedName(name), withSharedNames(value)));
        return shared;
    }

    private static Object withSharedNames(Object value) {
        if (value instanceof Document document) {
            return withSharedNames(document);
        }
        if (value instanceof List<?> list) {
            List<Object> shared = new ArrayList<>(list.size());
            list.forEach(element -> shared.add(withSharedNames(element)));
            return shared;
        }
        return value;
    }

    private static String sharedName(String name) {
        String shared = NAMES.get(name);
        if (shared != null) {
            return shared;
        }
        if (NAMES.size() >= MAX_SHARED_NAMES) {
            return name;
        }
        shared = NAMES.putIfAbsent(name, name);
        return shared == null ? name : shared;
    }
}
