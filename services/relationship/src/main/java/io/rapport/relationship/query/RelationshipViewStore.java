package io.rapport.relationship.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.rapport.platform.mongo.KeyLookups;
import io.rapport.relationship.api.RelationshipIds;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Relationship views in one MongoDB collection, keyed by relationship id: every read and write is by key. What grows
 * with a customer's history is kept beside the views rather than rewritten with them: their purchase days, one
 * document per customer and day in {@code <collection>_days}, keyed {@code <relationship id>#<day>} so that a
 * customer's days are one range of keys and a workspace's days follow its views' order. A day document remembers the
 * last of the customer's events it holds, so that a batch folded again after a crash adds nothing twice.
 */
final class RelationshipViewStore {

    static final String LIVE_COLLECTION = "relationship_views";
    private static final int PAGE = 1_000;
    /** Keys of days: '#' sorts before every character a customer id may hold, '$' right after it. */
    private static final char DAYS = '#';
    private static final char AFTER_DAYS = '$';
    /** Epoch days from 1900 to 2200 (the platform's range of times) shifted to six positive digits. */
    private static final long DAY_OFFSET = 100_000;

    private final MongoDatabase database;
    private final MongoCollection<Document> views;
    private final MongoCollection<Document> days;

    RelationshipViewStore(MongoDatabase database, String collection) {
        this.database = database;
        this.views = database.getCollection(collection);
        this.days = database.getCollection(collection + "_days");
    }

    String collectionName() {
        return views.getNamespace().getCollectionName();
    }

    /** Drops the views' collections (only those there: the embedded server logs dropping a missing one as an error). */
    void dropCollection() {
        List<String> present = database.listCollectionNames().into(new ArrayList<>());
        for (MongoCollection<Document> collection : List.of(views, days)) {
            if (present.contains(collection.getNamespace().getCollectionName())) {
                collection.drop();
            }
        }
    }

    /** A view without its purchase days. */
    RelationshipState find(String relationshipId) {
        Document document = views.find(eq("_id", relationshipId)).first();
        return document == null ? null : RelationshipState.fromDocument(document);
    }

    /** Reads a view's purchase days (its own and its merged customers') into it. */
    void attachPurchaseDays(RelationshipState state) {
        attachPurchaseDays(List.of(state));
    }

    /**
     * Reads the purchase days of views that follow each other in id order: one range of keys for all of them, plus
     * one per customer merged into one of them.
     */
    private void attachPurchaseDays(List<RelationshipState> states) {
        if (states.isEmpty()) {
            return;
        }
        Map<String, List<Document>> byCustomer = new HashMap<>();
        days.find(and(gte("_id", states.get(0).id() + DAYS), lt("_id", states.get(states.size() - 1).id() + AFTER_DAYS)))
                .forEach(day -> byCustomer.computeIfAbsent(owner(day), id -> new ArrayList<>()).add(day));
        for (RelationshipState state : states) {
            List<Document> stored = new ArrayList<>(byCustomer.getOrDefault(state.id(), List.of()));
            Map<Long, Long> storedUpTo = new HashMap<>();
            stored.forEach(day -> storedUpTo.put(epochDay(day), day.get("seq", Number.class).longValue()));
            for (String merged : state.mergedCustomerIds()) {
                String id = RelationshipIds.of(state.tenant(), merged);
                days.find(and(gte("_id", id + DAYS), lt("_id", id + AFTER_DAYS))).into(stored);
            }
            state.attachPurchaseDays(stored.stream().map(day -> new RelationshipState.PurchaseDay(epochDay(day),
                    values(day))).toList(), storedUpTo);
        }
    }

    private static String owner(Document day) {
        String id = day.getString("_id");
        return id.substring(0, id.lastIndexOf(DAYS));
    }

    private static long epochDay(Document day) {
        String id = day.getString("_id");
        return Long.parseLong(id.substring(id.lastIndexOf(DAYS) + 1)) - DAY_OFFSET;
    }

    private static String dayKey(String relationshipId, long epochDay) {
        return relationshipId + DAYS + String.format(Locale.ROOT, "%06d", epochDay + DAY_OFFSET);
    }

    private static Map<String, Double> values(Document day) {
        Map<String, Double> values = new TreeMap<>();
        day.get("v", Document.class).forEach((currency, amount) -> values.put(currency, ((Number) amount).doubleValue()));
        return values;
    }

    /** Every view of a workspace, read with a cursor: for fits and other workspace-wide passes. */
    void forEachInTenant(String tenant, Consumer<RelationshipState> action) {
        whileInTenant(tenant, null, 0, false, true, state -> {
            action.accept(state);
            return true;
        });
    }

    /**
     * The workspace's views in id order, after {@code afterId} (null: from the first), read {@code batch} at a time
     * (0: the default batch), until {@code action} says no. Each page is a range of ids ({@code "<tenant>/"} up to
     * {@code "<tenant>0"}, the next character after the slash) read from the id index: no page reads more than its
     * own views, and no more than a page is held, whatever the workspace's size. Without {@code recent} the views'
     * recent interactions are left in the store; with {@code purchaseDays} each page's purchase days are read too.
     */
    void whileInTenant(String tenant, String afterId, int batch, boolean recent, boolean purchaseDays,
                       Predicate<RelationshipState> action) {
        int page = batch == 0 ? PAGE : Math.min(batch, PAGE);
        String first = RelationshipIds.of(tenant, "");
        String end = tenant + (char) ('/' + 1);
        String after = afterId;
        while (true) {
            Bson from = after == null ? gte("_id", first) : gt("_id", after);
            List<Document> documents = views.find(and(from, lt("_id", end), eq("tenant", tenant)))
                    .projection(recent ? null : Projections.exclude("recent")).sort(Sorts.ascending("_id")).limit(page).into(new ArrayList<>(page));
            List<RelationshipState> states = documents.stream().map(RelationshipState::fromDocument).toList();
            if (purchaseDays) {
                attachPurchaseDays(states);
            }
            for (RelationshipState state : states) {
                if (!action.test(state)) {
                    return;
                }
            }
            if (documents.size() < page) {
                return;
            }
            after = documents.get(documents.size() - 1).getString("_id");
        }
    }

    List<String> tenants() {
        return views.distinct("tenant", String.class).filter(ne("tenant", null)).into(new ArrayList<>());
    }

    Map<String, RelationshipState> load(Collection<String> relationshipIds) {
        Map<String, RelationshipState> loaded = new HashMap<>();
        KeyLookups.forEachById(views, relationshipIds,
                d -> loaded.put(d.getString("_id"), RelationshipState.fromDocument(d)));
        return loaded;
    }

    /** Saves the views, their customers' new purchases first: a crash in between leaves days a re-fold skips. */
    void save(Collection<RelationshipState> states) {
        if (states.isEmpty()) {
            return;
        }
        savePurchases(states);
        List<WriteModel<Document>> writes = new ArrayList<>(states.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (RelationshipState state : states) {
            writes.add(new ReplaceOneModel<>(eq("_id", state.id()), state.toDocument(), upsert));
        }
        views.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /** Adds the states' purchases not yet saved to their days (views are saved with {@link #save}, which does too). */
    void savePurchases(Collection<RelationshipState> states) {
        Map<String, List<RelationshipState.DayPurchase>> byDay = new LinkedHashMap<>();
        for (RelationshipState state : states) {
            for (RelationshipState.DayPurchase purchase : state.unsavedPurchases()) {
                byDay.computeIfAbsent(dayKey(state.id(), purchase.epochDay()), key -> new ArrayList<>()).add(purchase);
            }
        }
        if (byDay.isEmpty()) {
            return;
        }
        Map<String, Document> stored = new HashMap<>();
        KeyLookups.forEachById(days, byDay.keySet(), day -> stored.put(day.getString("_id"), day));
        List<WriteModel<Document>> writes = new ArrayList<>();
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        byDay.forEach((key, purchases) -> {
            Document day = stored.get(key);
            long storedUpTo = day == null ? -1 : day.get("seq", Number.class).longValue();
            Map<String, Double> values = day == null ? new TreeMap<>() : values(day);
            long upTo = storedUpTo;
            for (RelationshipState.DayPurchase purchase : purchases) {
                if (purchase.sequence() > storedUpTo) {
                    if (purchase.currency() != null) {
                        values.merge(purchase.currency(), purchase.amount(), Double::sum);
                    }
                    upTo = Math.max(upTo, purchase.sequence());
                }
            }
            if (day == null || upTo > storedUpTo) {
                writes.add(new ReplaceOneModel<>(eq("_id", key),
                        new Document("_id", key).append("v", new Document(new TreeMap<String, Object>(values)))
                                .append("seq", upTo), upsert));
            }
        });
        if (!writes.isEmpty()) {
            days.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
        states.forEach(RelationshipState::purchasesSaved);
    }

    void drop() {
        views.deleteMany(new Document());
        days.deleteMany(new Document());
    }
}
