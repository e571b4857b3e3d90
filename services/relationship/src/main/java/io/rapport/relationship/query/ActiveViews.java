package io.rapport.relationship.query;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Which collection holds the relationship views everyone reads and the projection writes. A replay builds a new
 * collection beside it and switches this pointer when the new one has caught up; the choice survives restarts.
 */
@Component
public class ActiveViews {

    private static final String SETTING = "relationship-views";

    private final MongoDatabase database;
    private final MongoCollection<Document> settings;
    private volatile RelationshipViewStore store;

    public ActiveViews(MongoDatabase database) {
        this.database = database;
        this.settings = database.getCollection("view_settings");
        Document setting = settings.find(eq("_id", SETTING)).first();
        this.store = new RelationshipViewStore(database,
                setting == null ? RelationshipViewStore.LIVE_COLLECTION : setting.getString("collection"));
    }

    RelationshipViewStore store() {
        return store;
    }

    MongoDatabase database() {
        return database;
    }

    public String collection() {
        return store.collectionName();
    }

    /** From now on the views are read from and written to {@code collection}. */
    void switchTo(String collection) {
        settings.replaceOne(eq("_id", SETTING), new Document("_id", SETTING).append("collection", collection),
                new ReplaceOptions().upsert(true));
        store = new RelationshipViewStore(database, collection);
    }
}
