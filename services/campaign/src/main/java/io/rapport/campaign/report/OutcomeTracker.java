package io.rapport.campaign.report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.rapport.campaign.membership.CustomerChangeListener;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.TimelineEntry;
import org.bson.Document;

/**
 * Keeps outcomes current per event: when a customer with an open attribution window changes (a delivery, open,
 * click or reply recorded by messaging, a purchase: a new interaction), their outcomes are worked out afresh from
 * their timeline.
 */
public class OutcomeTracker implements CustomerChangeListener {

    /** Where outcomes of a customer may be: their ids in {@code outcomes}. */
    public interface Source {
        List<String> outcomeIds(String tenant, String customerId);
    }

    private final Outcomes outcomes;
    private final RelationshipCalls relationships;
    private final List<Source> sources;

    public OutcomeTracker(Outcomes outcomes, RelationshipCalls relationships, List<Source> sources) {
        this.outcomes = outcomes;
        this.relationships = relationships;
        this.sources = List.copyOf(sources);
    }

    @Override
    public void changed(String tenant, String customerId, Relationship view, Set<String> changed) {
        if (!changed.contains("interactions")) {
            return;
        }
        List<String> ids = sources.stream().flatMap(source -> source.outcomeIds(tenant, customerId).stream())
                .toList();
        List<Document> open = outcomes.open(ids, Instant.now());
        if (open.isEmpty()) {
            return;
        }
        Instant since = open.stream().map(document -> document.getDate("since").toInstant())
                .min(Comparator.naturalOrder()).orElseThrow();
        List<TimelineEntry> timeline = relationships.timeline(tenant, customerId, since);
        open.forEach(outcome -> outcomes.refresh(outcome, timeline));
    }
}
