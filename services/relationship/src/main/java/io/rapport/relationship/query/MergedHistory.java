package io.rapport.relationship.query;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.RelationshipIds;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds one relationship from scratch, with the histories of the customers merged into it (as of the end of
 * its own events): how views are made after a merge or an unmerge, when an incremental fold cannot add or take
 * away a whole history.
 */
final class MergedHistory {

    private static final Logger log = LoggerFactory.getLogger(MergedHistory.class);

    private MergedHistory() {
    }

    /**
     * A relationship id's events from a sequence number on. Never Axon's {@code readEvents(id)}: that starts with
     * the aggregate's latest snapshot, whose payload no view can fold, and leaves out every event before it.
     */
    static EventsFrom eventsFrom(Supplier<EventStore> eventStore) {
        return (id, first) -> eventStore.get().readEvents(id, first);
    }

    /** A relationship id's events from a sequence number on, in order. */
    @FunctionalInterface
    interface EventsFrom {

        Iterator<? extends DomainEventMessage<?>> read(String relationshipId, long firstSequence);

        /** Its events from the first. */
        default Function<String, Iterator<? extends DomainEventMessage<?>>> all() {
            return id -> read(id, 0);
        }
    }

    /** Whether the event is a survivor's own merge or unmerge: the customers merged into it change. */
    static boolean changesMerges(Object event) {
        return event instanceof CustomersMergedEvent merge && merge.customerId().equals(merge.survivorCustomerId())
                || event instanceof CustomersUnmergedEvent unmerge
                && unmerge.customerId().equals(unmerge.survivorCustomerId());
    }

    /** Keeps {@code merged}, the customers merged into a survivor, up to date with one of its own events. */
    static void trackMerges(Object event, Set<String> merged) {
        if (event instanceof CustomersMergedEvent merge && merge.customerId().equals(merge.survivorCustomerId())) {
            merged.add(merge.mergedCustomerId());
        } else if (event instanceof CustomersUnmergedEvent unmerge
                && unmerge.customerId().equals(unmerge.survivorCustomerId())) {
            merged.remove(unmerge.mergedCustomerId());
        }
    }

    /**
     * @param streams  a relationship id's events, in order
     * @param included which events count (for time travel); everything for the live view
     */
    static RelationshipState fold(String relationshipId, String tenant,
                                  Function<String, Iterator<? extends DomainEventMessage<?>>> streams,
                                  Predicate<DomainEventMessage<?>> included) {
        RelationshipState state = new RelationshipState(relationshipId);
        Set<String> merged = new LinkedHashSet<>();
        Iterator<? extends DomainEventMessage<?>> own = streams.apply(relationshipId);
        while (own.hasNext()) {
            DomainEventMessage<?> event = own.next();
            if (!included.test(event)) {
                continue;
            }
            foldSafely(event, () -> state.apply(event.getPayload(), event.getSequenceNumber(),
                    event.getTimestamp()));
            trackMerges(event.getPayload(), merged);
        }
        for (String customerId : merged) {
            Iterator<? extends DomainEventMessage<?>> theirs = streams.apply(RelationshipIds.of(tenant, customerId));
            while (theirs.hasNext()) {
                DomainEventMessage<?> event = theirs.next();
                if (included.test(event)) {
                    foldSafely(event, () -> state.absorb(customerId, event.getPayload(), event.getSequenceNumber()));
                }
            }
        }
        return state;
    }

    /** An event no view can hold is left out of the fold (the live projection keeps it as a dead letter). */
    private static void foldSafely(DomainEventMessage<?> event, Runnable fold) {
        try {
            fold.run();
        } catch (IllegalArgumentException unfoldable) {
            log.warn("Event {} of {} left out of a fold: {}", event.getSequenceNumber(),
                    event.getAggregateIdentifier(), unfoldable.getMessage());
        }
    }
}
