package io.rapport.relationship.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.rapport.relationship.api.RelationshipIds;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * Folds a batch of events into relationship views with two round trips: one {@code $in} to load the views the
 * batch touches, one bulk write to save them. Each event is folded as it is handled, so an event that cannot be
 * folded fails alone (its processor sets it aside as a dead letter) and leaves its customer's view as the events
 * before it made it. Merges cost more: a survivor whose merges changed is folded again from the store with the
 * merged histories, and new events of a merged-away customer are also folded into the survivor's view.
 */
final class ViewBatch {

    private record Pending(String relationshipId, Object event, long sequence, Instant recordedAt) {
    }

    private record Forward(String sourceId, String survivorId, String fromCustomerId, Object event, long sequence) {
    }

    private final RelationshipViewStore store;
    private final Function<String, Iterator<? extends DomainEventMessage<?>>> streams;
    private final Map<String, RelationshipState> states = new HashMap<>();
    /** What each view of the batch has folded in so far: how one is restored when an event fails half-way. */
    private final Map<String, List<Pending>> folded = new HashMap<>();
    private final Map<String, RelationshipState> changed = new LinkedHashMap<>();
    private final Set<String> refold = new HashSet<>();
    private final List<Forward> forwards = new ArrayList<>();

    ViewBatch(RelationshipViewStore store, Function<String, Iterator<? extends DomainEventMessage<?>>> streams) {
        this.store = store;
        this.streams = streams;
    }

    /** Loads the views of the batch's relationships with one read, before their events are folded. */
    void preload(Collection<String> relationshipIds) {
        Set<String> missing = new HashSet<>(relationshipIds);
        missing.removeAll(states.keySet());
        if (!missing.isEmpty()) {
            Map<String, RelationshipState> loaded = store.load(missing);
            missing.forEach(id -> states.put(id, loaded.getOrDefault(id, RelationshipState.toStore(id))));
        }
    }

    /** Folds one event into its view; throws, with the view as it was before the event, if it cannot. */
    void add(String relationshipId, Object event, long sequence, Instant recordedAt) {
        preload(Set.of(relationshipId));
        Pending pending = new Pending(relationshipId, event, sequence, recordedAt);
        try {
            fold(states.get(relationshipId), pending);
        } catch (RuntimeException e) {
            restore(relationshipId);
            throw e;
        }
        folded.computeIfAbsent(relationshipId, id -> new ArrayList<>()).add(pending);
    }

    private void fold(RelationshipState state, Pending event) {
        if (state.apply(event.event(), event.sequence(), event.recordedAt())) {
            changed.put(state.id(), state);
            if (MergedHistory.changesMerges(event.event())) {
                refold.add(state.id());
            }
            if (state.mergedInto() != null && state.tenant() != null) {
                forwards.add(new Forward(state.id(), RelationshipIds.of(state.tenant(), state.mergedInto()),
                        state.customerId(), event.event(), event.sequence()));
            }
        }
    }

    /** The view as stored, with the events of this batch that folded before the one that failed. */
    private void restore(String relationshipId) {
        states.remove(relationshipId);
        changed.remove(relationshipId);
        refold.remove(relationshipId);
        forwards.removeIf(forward -> forward.sourceId().equals(relationshipId));
        preload(Set.of(relationshipId));
        RelationshipState state = states.get(relationshipId);
        folded.getOrDefault(relationshipId, List.of()).forEach(event -> fold(state, event));
    }

    /** Saves everything folded so far. */
    void flush() {
        if (!refold.isEmpty() || !forwards.isEmpty()) {
            foldMerges();
        }
        if (!changed.isEmpty()) {
            store.save(changed.values());
        }
        states.clear();
        folded.clear();
        changed.clear();
        refold.clear();
        forwards.clear();
    }

    private void foldMerges() {
        for (String id : refold) {
            RelationshipState refolded = MergedHistory.fold(id, states.get(id).tenant(), streams, event -> true);
            states.put(id, refolded);
            changed.put(id, refolded);
        }
        Set<String> survivors = new HashSet<>();
        forwards.forEach(f -> survivors.add(f.survivorId()));
        survivors.removeAll(states.keySet());
        states.putAll(store.load(survivors));
        for (Forward forward : forwards) {
            RelationshipState survivor = states.get(forward.survivorId());
            if (survivor != null && !refold.contains(forward.survivorId())
                    && survivor.absorb(forward.fromCustomerId(), forward.event(), forward.sequence())) {
                changed.put(survivor.id(), survivor);
            }
        }
    }
}
