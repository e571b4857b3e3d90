package io.rapport.platform.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A database of the file backend whose documents are stored as BSON ({@link DocumentType}) and whose index keys
 * compare without serialization ({@link IndexKeyType}). The maps keep the names the H2 backend gives them, so
 * that its drop and rename find them (open maps are shared by name). A query on {@code _id} and more, or on a range
 * of ids, is answered from the {@code _id} index ({@link KeyedQueries}).
 */
final class TypedH2Database extends H2Database {

    private final MVStore store;
    private final Map<String, LongAdder> scans;

    /** {@code scans} counts, per collection, the queries answered by reading the whole collection. */
    TypedH2Database(String name, MVStore store, CursorRegistry cursors, Map<String, LongAdder> scans) {
        // The H2 database opens its collections in its constructor, before this one has its store: that first
        // pass is skipped (see initializeNamespacesAndIndexes) and made here, with the store set.
        super(name, store, cursors);
        this.store = store;
        this.scans = scans;
        super.initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store.openMap("databases." + fullName,
                new MVMap.Builder<Object, Document>().valueType(DocumentType.INSTANCE));
        MVMap<String, Object> meta = store.openMap("meta." + fullName);
        LongAdder scanned = scans.computeIfAbsent(fullName, n -> new LongAdder());
        return new H2Collection(this, collectionName, options, documents, meta, cursorRegistry) {
            @Override
            protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit,
                                                 int batchSize, Document fields) {
                return KeyedQueries.answer(query, orderBy, getIndexes(),
                        (positions, order) -> readingOneVersion(
                                () -> matchDocuments(query, positions, order, skip, limit, batchSize, fields)),
                        () -> super.queryDocuments(query, orderBy, skip, limit, batchSize, fields));
            }

            @Override
            protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit,
                                                 int batchSize, Document fields) {
                // No index could answer the query: every document is read.
                scanned.increment();
                QueryResult found = readingOneVersion(
                        () -> super.matchDocuments(query, orderBy, skip, limit, batchSize, fields));
                List<Document> copies = new ArrayList<>();
                found.forEach(document -> copies.add(new Document(document)));
                return new QueryResult(copies, found.getCursorId());
            }

            /**
             * The server would encode every document it stores (twice for an update: before and after) to keep a
             * collection's byte count, which only {@code collStats} reports and nothing here asks for: a tenth of
             * the relationship service's CPU during an import.
             */
            @Override
            protected boolean tracksDataSize() {
                return false;
            }

            /**
             * A copy of the stored document: an update changes the document it is given in place (the server's
             * way), and the stored one may be in a page a commit is writing at that moment.
             */
            @Override
            protected Document getDocument(Object position) {
                Document stored = super.getDocument(position);
                return stored == null ? null : new Document(stored);
            }
        };
    }

    /**
     * A read of many documents: the version read is registered, so that chunks it still needs are not written over
     * while the read lasts (retention is short).
     */
    private QueryResult readingOneVersion(Supplier<QueryResult> read) {
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            return read.get();
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        MVMap<KeyValue, Object> positions = store.openMap(
                getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
        return SortedUniqueIndex.inFile(positions, indexName, keys, sparse);
    }
}
