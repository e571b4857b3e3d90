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
 * batch touches, one bulk write to save them.
 */
final class ViewBatch {

    record Pending(String relationshipId, Object event, long sequence, Instant recordedAt) {
    }

    private final RelationshipViewStore store;
    private final List<Pending> pending = new java.util.ArrayList<>();
    ViewBatch(RelationshipViewStore store) {
        this.store = store;
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
        for (Pending event : pending) {
            RelationshipState state = states.computeIfAbsent(event.relationshipId(), RelationshipState::new);
            if (state.apply(event.event(), event.sequence(), event.recordedAt())) {
                changed.put(state.id(), state);
            }
        }
        store.save(changed.values());
        pending.clear();
    }
}
