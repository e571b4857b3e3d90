package io.rapport.platform.mongo;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The embedded server answers a query from an index only when the query names exactly that index's keys: a filter
 * on {@code _id} and anything else ({@code {_id: x, attempt: 2}}, or the {@code $and} the driver writes for
 * {@code and(eq("_id", x), …)}) reads the whole collection. Rapport's collections narrow such queries to the one
 * document the {@code _id} names and check the rest of the filter on it alone.
 */
final class KeyedQueries {

    private static final String ID = "_id";

    private KeyedQueries() {
    }

    /**
     * The {@code _id} value {@code query} requires besides other conditions, or {@code null} when it requires none
     * or nothing else (the {@code _id} index answers a query on {@code _id} alone by itself).
     */
    private static Object narrowingId(Document query) {
        if (query.size() > 1 && isPlainValue(query.get(ID))) {
            return query.get(ID);
        }
        if (query.size() == 1 && query.get("$and") instanceof List<?> conditions) {
            for (Object condition : conditions) {
                if (condition instanceof Document document && document.size() == 1
                        && isPlainValue(document.get(ID))) {
                    return document.get(ID);
                }
            }
        }
        return null;
    }

    /**
     * Answers {@code query} from the positions of the one document its {@code _id} names, when it names one besides
     * other conditions and the collection has an {@code _id} index; else as the server would.
     */
    static <P> QueryResult answer(Document query, List<Index<P>> indexes,
                                  Function<Iterable<P>, QueryResult> fromPositions, Supplier<QueryResult> asServer) {
        Object id = narrowingId(query);
        Iterable<P> positions = id == null ? null : positionsOf(id, indexes);
        return positions == null ? asServer.get() : fromPositions.apply(positions);
    }

    /** Where the document of that {@code _id} is (none or one position), from the collection's {@code _id} index. */
    private static <P> Iterable<P> positionsOf(Object id, List<Index<P>> indexes) {
        Document key = new Document(ID, id);
        for (Index<P> index : indexes) {
            if (index.isUnique() && index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals(ID)) {
                return index.getPositions(key);
            }
        }
        return null;
    }

    private static boolean isPlainValue(Object value) {
        // A document holding operators ($in, $gt, …) is a condition, not a value; null and lists match in ways of
        // their own (missing fields, array elements): the whole query is left to the server.
        return value != null && !(value instanceof List) && !(value instanceof Document document
                && document.keySet().stream().anyMatch(key -> key.startsWith("$")));
    }
}
