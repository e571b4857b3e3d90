package io.rapport.relationship.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.rapport.platform.mongo.KeyLookups;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The event ids of a customer's interactions older than the ones their aggregate keeps, so that a duplicate is still
 * refused however long their history while the aggregate (and its snapshots) stays bounded. An id comes here as it
 * is about to leave the aggregate's recent ids, long after its event was stored: every id held here is of a stored
 * event. Keyed {@code <relationship id>|<event id>}: lookups are by key.
 */
@Component
public class OlderEventIds {

    private final MongoCollection<Document> ids;

    public OlderEventIds(MongoDatabase database) {
        this.ids = database.getCollection("interaction_event_ids");
    }

    /** Which of {@code eventIds} are held for the relationship. */
    Set<String> held(String relationshipId, Collection<String> eventIds) {
        Set<String> held = new HashSet<>();
        KeyLookups.forEachById(ids, eventIds.stream().map(id -> key(relationshipId, id)).toList(),
                document -> held.add(document.getString("_id").substring(relationshipId.length() + 1)));
        return held;
    }

    /** Holds ids that left the aggregate's recent ones; holding one again changes nothing. */
    void hold(String relationshipId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(eventIds.size());
        eventIds.forEach(id -> documents.add(new Document("_id", key(relationshipId, id))));
        try {
            ids.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
                    != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
    }

    private static String key(String relationshipId, String eventId) {
        return relationshipId + "|" + eventId;
    }
}
