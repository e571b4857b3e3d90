package io.rapport.platform.mongo;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/** The embedded server's memory backend, answering a query on {@code _id} and more from the {@code _id} index. */
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
                        return KeyedQueries.answer(query, getIndexes(),
                                positions -> matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields),
                                () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, fields));
                    }
                };
            }
        };
    }
}
