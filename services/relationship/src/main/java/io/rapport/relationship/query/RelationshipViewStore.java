package io.rapport.relationship.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.rapport.relationship.api.RelationshipIds;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Relationship views in one MongoDB collection, keyed by relationship id: every read and write is by key. */
final class RelationshipViewStore {

    static final String LIVE_COLLECTION = "relationship_views";
    private static final int KEYS_PER_QUERY = 100;
    private static final int PAGE = 1_000;

    private final MongoCollection<Document> views;

    RelationshipViewStore(MongoDatabase database, String collection) {
        this.views = database.getCollection(collection);
    }

    String collectionName() {
        return views.getNamespace().getCollectionName();
    }

    void dropCollection() {
        views.drop();
    }

    RelationshipState find(String relationshipId) {
        Document document = views.find(eq("_id", relationshipId)).first();
        return document == null ? null : RelationshipState.fromDocument(document);
    }

    /** Every view of a workspace, read with a cursor: for fits and other workspace-wide passes. */
    void forEachInTenant(String tenant, Consumer<RelationshipState> action) {
        whileInTenant(tenant, null, 0, false, state -> {
            action.accept(state);
            return true;
        });
    }

    /**
     * The workspace's views in id order, after {@code afterId} (null: from the first), read {@code batch} at a time
     * (0: the default batch), until {@code action} says no. Each page is a range of ids ({@code "<tenant>/"} up to
     * {@code "<tenant>0"}, the next character after the slash) read from the id index: no page reads more than its
     * own views, and no more than a page is held, whatever the workspace's size. Without {@code recent} the views'
     * recent interactions are left in the store.
     */
    void whileInTenant(String tenant, String afterId, int batch, boolean recent, Predicate<RelationshipState> action) {
        int page = batch == 0 ? PAGE : Math.min(batch, PAGE);
        String first = RelationshipIds.of(tenant, "");
        String end = tenant + (char) ('/' + 1);
        String after = afterId;
        while (true) {
            Bson from = after == null ? gte("_id", first) : gt("_id", after);
            List<Document> documents = views.find(and(from, lt("_id", end), eq("tenant", tenant)))
                    .projection(recent ? null : Projections.exclude("recent")).sort(Sorts.ascending("_id")).limit(page).into(new ArrayList<>(page));
            for (Document document : documents) {
                if (!action.test(RelationshipState.fromDocument(document))) {
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
        List<String> ids = new ArrayList<>(relationshipIds);
        for (int i = 0; i < ids.size(); i += KEYS_PER_QUERY) {
            views.find(in("_id", ids.subList(i, Math.min(ids.size(), i + KEYS_PER_QUERY))))
                    .forEach(d -> loaded.put(d.getString("_id"), RelationshipState.fromDocument(d)));
        }
        return loaded;
    }

    void save(Collection<RelationshipState> states) {
        if (states.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(states.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (RelationshipState state : states) {
            writes.add(new ReplaceOneModel<>(eq("_id", state.id()), state.toDocument(), upsert));
        }
        views.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    void drop() {
        views.deleteMany(new Document());
    }
}
