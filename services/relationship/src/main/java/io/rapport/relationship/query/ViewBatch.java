package io.rapport.relationship.query;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a batch of events into relationship views with two round trips: one {@code $in} to load the views the
 * batch touches, one bulk write to save them. The tracking processor and the full rebuild both work this way.
 */
final class ViewBatch {

    record Pending(String relationshipId, Object event, long sequence, Instant recordedAt) {
    }

    private final RelationshipViewStore store;
    private final List<Pending> pending = new java.util.ArrayList<>();
    /** Views known to be absent from the store: a rebuild into an empty collection need not look them up. */
    private final Set<String> knownAbsent;

    ViewBatch(RelationshipViewStore store) {
        this(store, null);
    }

    ViewBatch(RelationshipViewStore store, Set<String> knownAbsent) {
        this.store = store;
        this.knownAbsent = knownAbsent;
    }

    void add(String relationshipId, Object event, long sequence, Instant recordedAt) {
        pending.add(new Pending(relationshipId, event, sequence, recordedAt));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    /** Folds everything added so far into the stored views. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        pending.forEach(p -> ids.add(p.relationshipId()));
        Set<String> toLoad = new HashSet<>(ids);
        if (knownAbsent != null) {
            toLoad.removeIf(knownAbsent::contains);
        }
        Map<String, RelationshipState> states = new HashMap<>(store.load(toLoad));
        Map<String, RelationshipState> changed = new LinkedHashMap<>();
        for (Pending event : pending) {
            RelationshipState state = states.computeIfAbsent(event.relationshipId(), RelationshipState::new);
            if (state.apply(event.event(), event.sequence(), event.recordedAt())) {
                changed.put(state.id(), state);
            }
        }
        store.save(changed.values());
        if (knownAbsent != null) {
            knownAbsent.removeAll(ids);
        }
        pending.clear();
    }
}
