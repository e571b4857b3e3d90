package io.rapport.campaign.journey;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyView;
import io.rapport.campaign.api.SegmentMembershipChangedEvent;
import io.rapport.campaign.api.WorkspaceIds;
import io.rapport.campaign.membership.CustomerChangeListener;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.platform.mongo.DueIndex;
import io.rapport.proto.relationship.v1.InteractionCount;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.TimelineEntry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;

/**
 * Who is to enter which journey ({@code journey_entries}: one document per journey, customer and cause, so the
 * same cause seen twice is one entry): people entering a segment (from the segments' membership events) and people
 * doing something (from the relationship change feed: a changed customer who has interactions of the journey's kind
 * has their timeline read for those that happened since the journey was activated). The {@link JourneyRunner}
 * applies the re-entry rules and starts the runs.
 */
@ProcessingGroup(JourneyEntries.PROCESSING_GROUP)
public class JourneyEntries implements CustomerChangeListener {

    public static final String PROCESSING_GROUP = "journey-entries";

    private final JourneyProjection journeys;
    private final RelationshipCalls relationships;
    private final MongoCollection<Document> entries;
    private final DueIndex waiting;

    public JourneyEntries(JourneyProjection journeys, RelationshipCalls relationships, MongoDatabase database) {
        this.journeys = journeys;
        this.relationships = relationships;
        this.entries = database.getCollection("journey_entries");
        this.waiting = new DueIndex(database.getCollection("journey_entries_new"));
        waiting.backfillOnce(() -> entries.find(eq("state", "NEW")).forEach(
                entry -> waiting.add(entry.getDate("at").toInstant(), entry.getString("_id"), new Document())));
    }

    @EventHandler
    void on(SegmentMembershipChangedEvent event, EventMessage<?> message) {
        if (event.entered().isEmpty()) {
            return;
        }
        for (JourneyView journey : journeys.inStatus("ACTIVE", event.tenant())) {
            JourneyDefinition.Entry entry = journey.definition().entry();
            if (entry.segmentId() != null
                    && WorkspaceIds.of(event.tenant(), entry.segmentId()).equals(event.segmentId())
                    && !event.at().isBefore(journey.activatedAt())) {
                for (String customer : event.entered()) {
                    queue(journey, customer, "segment:" + entry.segmentId() + ":" + message.getIdentifier());
                }
            }
        }
    }

    @Override
    public void changed(String tenant, String customerId, Relationship view, Set<String> changed) {
        if (!changed.contains("interactions") || view == null || view.getErased()
                || !view.getMergedIntoCustomerId().isEmpty()) {
            return;
        }
        for (JourneyView journey : journeys.inStatus("ACTIVE", tenant)) {
            JourneyDefinition.Entry entry = journey.definition().entry();
            if (entry.interactionKind() == null) {
                continue;
            }
            long count = count(view, entry.interactionKind());
            if (count == 0 || entry.firstOnly() && count > 1) {
                continue;
            }
            // Interactions that happened since the journey was activated; each enters once, however often seen.
            InteractionKind kind = InteractionKind.valueOf("INTERACTION_KIND_" + entry.interactionKind());
            for (TimelineEntry happened : relationships.timeline(tenant, customerId, journey.activatedAt(), kind)) {
                if (happened.hasInteraction() && happened.getInteraction().getKind() == kind) {
                    queue(journey, customerId, "interaction:" + happened.getInteraction().getEventId());
                }
            }
        }
    }

    private static long count(Relationship view, String kind) {
        return view.getCountsByKindList().stream().filter(c -> c.getKey().equals(kind))
                .mapToLong(InteractionCount::getCount).sum();
    }

    private void queue(JourneyView journey, String customerId, String cause) {
        String journeyId = WorkspaceIds.of(journey.tenant(), journey.journeyId());
        String id = journeyId + "|" + customerId + "|" + cause;
        Document entry = entries.findOneAndUpdate(eq("_id", id), Updates.combine(
                Updates.setOnInsert("tenant", journey.tenant()), Updates.setOnInsert("journey", journeyId),
                Updates.setOnInsert("customer", customerId), Updates.setOnInsert("cause", cause),
                Updates.setOnInsert("state", "NEW"), Updates.setOnInsert("at", new Date())),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        if (entry != null && "NEW".equals(entry.getString("state"))) {
            waiting.add(entry.getDate("at").toInstant(), id, new Document());
        }
    }

    /**
     * Entries not yet worked on, oldest first: read through {@code journey_entries_new} (a {@link DueIndex} of when
     * each was queued), whose entries go when theirs is done.
     */
    List<Document> waiting(int limit) {
        List<Document> found = new ArrayList<>();
        waiting.forEachDue(Instant.now(), limit, queued -> {
            Document entry = entries.find(eq("_id", queued.getString(DueIndex.OF))).first();
            if (entry != null && "NEW".equals(entry.getString("state"))) {
                found.add(entry);
            } else {
                waiting.remove(queued.getString("_id"));
            }
            return true;
        });
        return found;
    }

    void done(Document entry, String outcome) {
        entries.updateOne(eq("_id", entry.getString("_id")), Updates.combine(Updates.set("state", "DONE"),
                Updates.set("outcome", outcome)));
        waiting.remove(entry.getDate("at").toInstant(), entry.getString("_id"));
    }
}
