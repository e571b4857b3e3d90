package io.rapport.campaign.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.rapport.platform.mongo.KeyLookups;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Which campaigns (or journeys) are in which state, as a collection whose ids start with the state and the workspace:
 * {@code "<state>/<tenant>/-/<internal id>"} for a live state, {@code "<state>/<tenant>/<epoch millis, 13
 * digits>/<internal id>"} for an ended one, dated when it ended. What a runner's tick or a customer's change needs (one
 * workspace's running campaigns, those that ended lately) is then a range of ids read from the id index, however
 * many campaigns every workspace ran before: a query on the status field read them all, of every workspace, at every
 * customer's change.
 *
 * <p>The projection's document is the truth and names its entry ({@link #KEY}) and how many moves it made
 * ({@link #MOVES}); each entry is numbered with the move that added it. A move adds its entry before the document
 * names it, so a reader passes over an entry the document does not name: a move under way (numbered past the
 * document's moves) is left be, and one the document has moved past (a crash's leftover between the writes of a
 * move) is removed. (Removing every entry not yet named lost a campaign's entry while it started, and with it the
 * campaign.)
 */
final class StatusIndex {

    /** The field of a projection's document that names its entry here. */
    private static final String KEY = "statusKey";
    /** Marks an index whose projection's earlier documents were added; '~' sorts after every state. */
    private static final String BACKFILLED = "~backfilled";
    /** Where a range's keys end: '~' sorts after every character of a key's next part. */
    private static final String END = "~";
    /** The field of a document that counts its moves, and of an entry that numbers the move that added it. */
    private static final String MOVES = "statusMoves";

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> documents;
    private final Set<String> ended;

    /** The index {@code entries} of the projection {@code documents}, whose ended states are {@code ended}. */
    StatusIndex(MongoCollection<Document> entries, MongoCollection<Document> documents, Set<String> ended,
                Function<Document, Instant> endedAt) {
        this.entries = entries;
        this.documents = documents;
        this.ended = Set.copyOf(ended);
        backfillOnce(endedAt);
    }

    /** Stores a new document (with its {@code _id}, {@code tenant} and {@code status}, a live one) and its entry. */
    void created(Document document) {
        String key = key(document.getString("status"), document.getString("tenant"), null,
                document.getString("_id"));
        move(document.getString("_id"), key, moves -> {
            documents.insertOne(document.append(KEY, key).append(MOVES, moves));
            return null;
        });
    }

    /**
     * The document {@code id} of {@code tenant} enters {@code state} at {@code at}, with {@code update} (and its status,
     * entry and time of update); its entry moves with it.
     */
    void enter(String id, String tenant, String state, Instant at, Bson update) {
        String key = key(state, tenant, ended.contains(state) ? at : null, id);
        move(id, key, moves -> {
            Document before = documents.findOneAndUpdate(eq("_id", id), Updates.combine(update,
                    Updates.set("status", state), Updates.set(KEY, key), Updates.set(MOVES, moves),
                    Updates.set("updatedAt", Date.from(at))));
            return before == null ? null : before.getString(KEY);
        });
    }

    /** The entry of {@code id} (of {@code tenant}) in {@code state}, dated {@code endedAt} when the state is ended. */
    private static String key(String state, String tenant, Instant endedAt, String id) {
        String at = endedAt == null ? "-" : String.format(Locale.ROOT, "%013d", Math.max(0, endedAt.toEpochMilli()));
        return state + "/" + tenant + "/" + at + "/" + id;
    }

    /**
     * Moves the document {@code id} to the entry {@code to}: the entry is added, numbered with this move, then
     * {@code update} stores {@code to} and the number in the document and answers the entry the document named before
     * (null: none), which then goes. A crash between the writes leaves an extra entry, never a document without one.
     */
    private void move(String id, String to, LongFunction<String> update) {
        Document current = documents.find(eq("_id", id)).projection(Projections.include(MOVES)).first();
        long moves = moves(current) + 1;
        try {
            entries.insertOne(new Document("_id", to).append("of", id).append(MOVES, moves));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        String from = update.apply(moves);
        if (from != null && !from.equals(to)) {
            entries.deleteOne(eq("_id", from));
        }
    }

    private static long moves(Document document) {
        return document == null ? 0 : ((Number) document.get(MOVES, 0L)).longValue();
    }

    /** The documents in {@code state}, of every workspace. */
    List<Document> in(String state) {
        return read(state + "/", state + "/" + END);
    }

    /** The documents of {@code tenant} in the live {@code state}. */
    List<Document> in(String state, String tenant) {
        String prefix = state + "/" + tenant + "/-/";
        return read(prefix, prefix + END);
    }

    /** The documents of {@code tenant} that entered the ended {@code state} at or after {@code since}. */
    List<Document> endedSince(String state, String tenant, Instant since) {
        return read(key(state, tenant, since, ""), state + "/" + tenant + "/" + END);
    }

    /** The documents whose entries are in [{@code from}, {@code to}), in key order; stale entries removed. */
    private List<Document> read(String from, String to) {
        Map<String, Document> read = new LinkedHashMap<>();
        entries.find(and(gte("_id", from), lt("_id", to))).sort(Sorts.ascending("_id"))
                .forEach(entry -> read.put(entry.getString("of"), entry));
        Map<String, Document> found = new LinkedHashMap<>();
        KeyLookups.forEachById(documents, read.keySet(), document -> found.put(document.getString("_id"), document));
        List<Document> current = new ArrayList<>(read.size());
        read.forEach((id, entry) -> {
            Document document = found.get(id);
            if (document == null) {
                return; // being created (or a creation a crash cut short): passed over
            }
            if (entry.getString("_id").equals(document.getString(KEY))) {
                current.add(document);
            } else if (moves(document) >= moves(entry)) {
                entries.deleteOne(eq("_id", entry.getString("_id"))); // moved past: a crash's leftover
            }
        });
        return current;
    }

    /**
     * Adds the projection's documents that have no entry (stored before the index existed), once: read once, the first
     * time the index is opened on a store.
     */
    private void backfillOnce(Function<Document, Instant> endedAt) {
        if (entries.find(eq("_id", BACKFILLED)).first() != null) {
            return;
        }
        for (Document document : documents.find()) {
            String id = document.getString("_id");
            String state = document.getString("status");
            String key = key(state, document.getString("tenant"), ended.contains(state) ? endedAt.apply(document) : null,
                    id);
            move(id, key, moves -> {
                documents.updateOne(eq("_id", id), Updates.combine(Updates.set(KEY, key), Updates.set(MOVES, moves)));
                return document.getString(KEY);
            });
        }
        entries.replaceOne(eq("_id", BACKFILLED), new Document("_id", BACKFILLED), new ReplaceOptions().upsert(true));
    }
}
