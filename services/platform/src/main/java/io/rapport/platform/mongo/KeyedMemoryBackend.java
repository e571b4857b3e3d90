package io.rapport.platform.mongo;

import java.util.List;

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
 * more, or on a range of ids, from the {@code _id} index ({@link KeyedQueries}).
 */
final class KeyedMemoryBackend extends MemoryBackend {

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
                };
            }

            @Override
            protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName,
                                                             List<IndexKey> keys, boolean sparse) {
                return SortedUniqueIndex.inMemory(indexName, keys, sparse);
            }
        };
    }
}
