package io.rapport.relationship.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.RelationshipIds;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * Folds a batch of events into relationship views with two round trips: one {@code $in} to load the views the
 * batch touches, one bulk write to save them. Merges cost more: a survivor whose merges changed is folded again
 * from the store with the merged histories, and new events of a merged-away customer are also folded into the
 * survivor's view.
 */
final class ViewBatch {

    record Pending(String relationshipId, Object event, long sequence, Instant recordedAt) {
    }

    private record Forward(String survivorId, String fromCustomerId, Object event, long sequence) {
    }

    private final RelationshipViewStore store;
    private final Function<String, Iterator<? extends DomainEventMessage<?>>> streams;
    private final List<Pending> pending = new ArrayList<>();

    ViewBatch(RelationshipViewStore store, Function<String, Iterator<? extends DomainEventMessage<?>>> streams) {
        this.store = store;
        this.streams = streams;
    }

    void add(String relationshipId, Object event, long sequence, Instant recordedAt) {
        pending.add(new Pending(relationshipId, event, sequence, recordedAt));
    }

    /** Folds everything added so far into the stored views. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        pending.forEach(p -> ids.add(p.relationshipId()));
        Map<String, RelationshipState> states = new HashMap<>(store.load(ids));
        Map<String, RelationshipState> changed = new LinkedHashMap<>();
        Set<String> refold = new HashSet<>();
        List<Forward> forwards = new ArrayList<>();
        for (Pending event : pending) {
            RelationshipState state = states.computeIfAbsent(event.relationshipId(), RelationshipState::new);
            if (state.apply(event.event(), event.sequence(), event.recordedAt())) {
                changed.put(state.id(), state);
                if (changesMergesOf(event.event())) {
                    refold.add(state.id());
                }
                if (state.mergedInto() != null && state.tenant() != null) {
                    forwards.add(new Forward(RelationshipIds.of(state.tenant(), state.mergedInto()),
                            state.customerId(), event.event(), event.sequence()));
                }
            }
        }
        if (!refold.isEmpty() || !forwards.isEmpty()) {
            foldMerges(states, changed, refold, forwards);
        }
        store.save(changed.values());
        pending.clear();
    }

    private static boolean changesMergesOf(Object event) {
        return event instanceof CustomersMergedEvent merge && merge.customerId().equals(merge.survivorCustomerId())
                || event instanceof CustomersUnmergedEvent unmerge
                && unmerge.customerId().equals(unmerge.survivorCustomerId());
    }

    private void foldMerges(Map<String, RelationshipState> states, Map<String, RelationshipState> changed,
                            Set<String> refold, List<Forward> forwards) {
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
