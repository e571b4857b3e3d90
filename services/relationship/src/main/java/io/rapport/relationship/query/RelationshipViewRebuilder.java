package io.rapport.relationship.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.store.MongoEventStorageEngine;
import io.rapport.relationship.api.CustomersMergedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every relationship view from the event store in one pass of a cursor, far faster than a tracking
 * processor replay: the projection's own fold runs over views held in memory, and each view is written once
 * (or once per eviction when there are more customers than {@link #RESIDENT_VIEWS}).
 */
@Component
public class RelationshipViewRebuilder {

    static final int RESIDENT_VIEWS = 200_000;
    private static final int CURSOR_BATCH = 10_000;
    private static final int WRITE_BATCH = 1_000;
    private static final int PROGRESS_EVERY = 1_000;
    private static final int PURCHASES_EVERY = 100_000;

    private final MongoEventStorageEngine eventStore;
    private final MongoDatabase database;

    public RelationshipViewRebuilder(MongoEventStorageEngine eventStore, MongoDatabase database) {
        this.eventStore = eventStore;
        this.database = database;
    }

    /** Builds views into {@code collection}, replacing what it held; reports events done to {@code progress}. */
    public long rebuildInto(String collection, LongConsumer progress,
                            BiConsumer<DomainEventMessage<?>, RuntimeException> unapplied) {
        RelationshipViewStore target = new RelationshipViewStore(database, collection);
        target.dropCollection();
        Map<String, RelationshipState> resident = new HashMap<>();
        Set<String> evicted = new HashSet<>();
        Set<String> survivors = new HashSet<>();
        long done = 0;
        try (var events = eventStore.readAllEvents(CURSOR_BATCH)) {
            var iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    String id = domainEvent.getAggregateIdentifier();
                    RelationshipState state = resident.get(id);
                    if (state == null) {
                        if (resident.size() >= RESIDENT_VIEWS) {
                            save(target, resident.values());
                            evicted.addAll(resident.keySet());
                            resident.clear();
                        }
                        state = evicted.contains(id) ? target.load(List.of(id)).get(id) : RelationshipState.toStore(id);
                        resident.put(id, state);
                    }
                    try {
                        state.apply(domainEvent.getPayload(), domainEvent.getSequenceNumber(),
                                domainEvent.getTimestamp());
                    } catch (RuntimeException e) {
                        unapplied.accept(domainEvent, e);
                    }
                    if (domainEvent.getPayload() instanceof CustomersMergedEvent merge
                            && merge.customerId().equals(merge.survivorCustomerId())) {
                        survivors.add(id);
                    }
                }
                if (++done % PROGRESS_EVERY == 0) {
                    progress.accept(done);
                }
                if (done % PURCHASES_EVERY == 0) {
                    // The resident views' purchases go to their days as the pass goes, not all held to its end.
                    target.savePurchases(resident.values());
                }
            }
        }
        save(target, resident.values());
        // Merged histories cross streams: the customers that absorbed others are folded again with them.
        List<RelationshipState> merged = new ArrayList<>();
        for (String id : survivors) {
            merged.add(MergedHistory.fold(id, id.substring(0, id.indexOf('/')), eventStore::readEvents, e -> true));
        }
        save(target, merged);
        progress.accept(done);
        return done;
    }

    private static void save(RelationshipViewStore target, java.util.Collection<RelationshipState> states) {
        List<RelationshipState> batch = new ArrayList<>(WRITE_BATCH);
        for (RelationshipState state : states) {
            batch.add(state);
            if (batch.size() == WRITE_BATCH) {
                target.save(batch);
                batch.clear();
            }
        }
        target.save(batch);
    }
}
