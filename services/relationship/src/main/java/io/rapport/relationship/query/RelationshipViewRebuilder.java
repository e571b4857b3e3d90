package io.rapport.relationship.query;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongConsumer;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.store.MongoEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every relationship view from the event store in one pass of a cursor, far faster than a tracking
 * processor replay: events are folded by the projection's own code in large batches into a fresh collection.
 */
@Component
public class RelationshipViewRebuilder {

    private static final int EVENTS_PER_BATCH = 20_000;

    private final MongoEventStorageEngine eventStore;
    private final MongoDatabase database;

    public RelationshipViewRebuilder(MongoEventStorageEngine eventStore, MongoDatabase database) {
        this.eventStore = eventStore;
        this.database = database;
    }

    /** Builds views into {@code collection}, which must be empty; reports events done to {@code progress}. */
    public long rebuildInto(String collection, LongConsumer progress) {
        if (database.listCollectionNames().into(new java.util.ArrayList<>()).contains(collection)) {
            database.getCollection(collection).drop();
        }
        RelationshipViewStore target = new RelationshipViewStore(database, collection);
        Set<String> neverWritten = new HashSet<>();
        Set<String> written = new HashSet<>();
        ViewBatch batch = new ViewBatch(target, neverWritten);
        long[] done = {0};
        try (var events = eventStore.readAllEvents(EVENTS_PER_BATCH)) {
            events.forEach((TrackedEventMessage<?> event) -> {
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    String id = domainEvent.getAggregateIdentifier();
                    if (written.add(id)) {
                        neverWritten.add(id);
                    }
                    batch.add(id, domainEvent.getPayload(), domainEvent.getSequenceNumber(), domainEvent.getTimestamp());
                }
                if (++done[0] % EVENTS_PER_BATCH == 0) {
                    batch.flush();
                    progress.accept(done[0]);
                }
            });
        }
        batch.flush();
        progress.accept(done[0]);
        return done[0];
    }
}
