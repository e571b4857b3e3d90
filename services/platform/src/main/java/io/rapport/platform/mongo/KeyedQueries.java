package io.rapport.platform.mongo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Queries the embedded server would answer by reading a whole collection, answered from the {@code _id} index:
 * <ul>
 *   <li>The server answers a query from an index only when the query names exactly that index's keys: a filter on
 *   {@code _id} and anything else ({@code {_id: x, attempt: 2}}, or the {@code $and} the driver writes for
 *   {@code and(eq("_id", x), …)}) reads the whole collection. Such a query is narrowed to the one document its
 *   {@code _id} names, and the rest of the filter is checked on it alone.</li>
 *   <li>A range of string ids ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}), alone or beside other
 *   conditions, is read from the index in id order from its first key to its last, and the rest of the filter is
 *   checked on those documents alone. Sorted by {@code _id} ascending (or not sorted), the documents come in index
 *   order: a limit stops the read, so a client pages through a range a page at a time, whatever the collection's
 *   size.</li>
 * </ul>
 */
final class KeyedQueries {

    private static final String ID = "_id";
    private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

    private KeyedQueries() {
    }

    /**
     * Answers {@code query} from the {@code _id} index when it names one id besides other conditions, or a range of
     * ids; else as the server would. {@code fromPositions} matches the documents at the positions it is given and
     * sorts them by the order it is given (null: they come in the order wanted).
     */
    static <P> QueryResult answer(Document query, Document orderBy, List<Index<P>> indexes,
                                  BiFunction<Iterable<P>, Document, QueryResult> fromPositions,
                                  Supplier<QueryResult> asServer) {
        Object condition = idCondition(query);
        if (condition == null) {
            return asServer.get();
        }
        Index<P> idIndex = idIndex(indexes);
        if (idIndex == null) {
            return asServer.get();
        }
        if (isPlainValue(condition)) {
            // A query on _id alone is answered from the index by the server itself.
            return query.size() == 1 && query.containsKey(ID)
                    ? asServer.get()
                    : fromPositions.apply(idIndex.getPositions(new Document(ID, condition)), orderBy);
        }
        if (isStringRange(condition) && idIndex instanceof SortedUniqueIndex<P> sorted) {
            return fromPositions.apply(() -> new RangePositions<>(sorted, (Document) condition),
                    isIdAscending(orderBy) ? null : orderBy);
        }
        return asServer.get();
    }

    /**
     * What {@code query} requires of {@code _id}, at its top level or in its {@code $and}s (the driver writes {@code
     * and(gt("_id", a), lt("_id", b))} as an {@code $and} of two conditions, nested in another for a further {@code
     * and}): a value, or one range of string ids as tight as all the ranges together; else the one condition there
     * is, or null. The whole filter is still checked on each document found, so this only has to hold whatever
     * matches.
     */
    static Object idCondition(Document query) {
        List<Object> conditions = new ArrayList<>();
        collectIdConditions(query, conditions);
        if (conditions.isEmpty()) {
            return null;
        }
        for (Object condition : conditions) {
            if (isPlainValue(condition)) {
                return condition;
            }
        }
        if (conditions.size() == 1) {
            return conditions.get(0);
        }
        if (!conditions.stream().allMatch(KeyedQueries::isStringRange)) {
            return null;
        }
        Document range = new Document();
        for (Object condition : conditions) {
            ((Document) condition).forEach((operator, value) -> range.merge(operator, value,
                    (a, b) -> tighter(operator, (String) a, (String) b)));
        }
        return range;
    }

    private static void collectIdConditions(Document query, List<Object> conditions) {
        if (query.containsKey(ID)) {
            conditions.add(query.get(ID));
        }
        if (query.get("$and") instanceof List<?> all) {
            for (Object condition : all) {
                if (condition instanceof Document document) {
                    collectIdConditions(document, conditions);
                }
            }
        }
    }

    /** Of two bounds of one operator, the one that lets less through. */
    private static String tighter(String operator, String a, String b) {
        boolean lower = operator.startsWith("$g");
        return (a.compareTo(b) > 0) == lower ? a : b;
    }

    @SuppressWarnings("unchecked")
    private static <P> Index<P> idIndex(List<Index<P>> indexes) {
        for (Index<P> index : indexes) {
            if (index.isUnique() && index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals(ID)) {
                return index;
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

    private static boolean isStringRange(Object condition) {
        return condition instanceof Document range && !range.isEmpty()
                && RANGE_OPERATORS.containsAll(range.keySet())
                && range.values().stream().allMatch(String.class::isInstance);
    }

    private static boolean isIdAscending(Document orderBy) {
        return orderBy == null || orderBy.isEmpty()
                || orderBy.size() == 1 && orderBy.get(ID) instanceof Number direction && direction.intValue() == 1;
    }

    /**
     * The positions of the documents whose string ids lie in a range, in id order: from the range's first key in
     * the index to its last. Only string keys are in a string range (MongoDB compares values of one type only).
     */
    private static final class RangePositions<P> implements Iterator<P> {

        private final Iterator<Map.Entry<KeyValue, P>> entries;
        private final KeyValue low;
        private final boolean lowInclusive;
        private final KeyValue high;
        private final boolean highInclusive;
        private P next;
        private boolean past;

        RangePositions(SortedUniqueIndex<P> index, Document range) {
            String after = strongest(range, "$gt", "$gte", true);
            String before = strongest(range, "$lt", "$lte", false);
            this.low = after == null ? null : new KeyValue(after);
            this.lowInclusive = after != null && !after.equals(range.get("$gt"));
            this.high = before == null ? null : new KeyValue(before);
            this.highInclusive = before != null && !before.equals(range.get("$lt"));
            this.entries = index.ascendingFrom(low);
        }

        /** The tighter of a range's exclusive and inclusive bound on one side (the exclusive one when equal). */
        private static String strongest(Document range, String exclusive, String inclusive, boolean lower) {
            String strict = (String) range.get(exclusive);
            String loose = (String) range.get(inclusive);
            if (strict == null || loose == null) {
                return strict == null ? loose : strict;
            }
            int order = strict.compareTo(loose);
            return order == 0 || (lower ? order > 0 : order < 0) ? strict : loose;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !past && entries.hasNext()) {
                Map.Entry<KeyValue, P> entry = entries.next();
                KeyValue key = entry.getKey();
                if (!(key.get(0) instanceof String)) {
                    past = low != null;
                    continue;
                }
                if (low != null && !lowInclusive && IndexKeyType.INSTANCE.compare(key, low) == 0) {
                    continue;
                }
                if (high != null) {
                    int order = IndexKeyType.INSTANCE.compare(key, high);
                    if (order > 0 || order == 0 && !highInclusive) {
                        past = true;
                        continue;
                    }
                }
                next = entry.getValue();
            }
            return next != null;
        }

        @Override
        public P next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            P position = next;
            next = null;
            return position;
        }
    }
}
