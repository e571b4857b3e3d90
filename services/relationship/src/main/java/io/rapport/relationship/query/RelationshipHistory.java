package io.rapport.relationship.query;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;

import io.rapport.relationship.api.CheckConsentQuery;
import io.rapport.relationship.api.ConsentAnswer;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.FindRelationshipAsOfQuery;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.PurchaseModelFit;
import io.rapport.relationship.api.RelationshipView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Time travel: a customer's view as of a past instant, by folding their events up to then through the same
 * {@link RelationshipState} the live projection uses. Reads the customer's events by key; no read model needed.
 */
@Component
public class RelationshipHistory {

    private final EventStore eventStore;
    private final PurchaseModelFits models;
    private final Clock clock;
    private final Function<String, Iterator<? extends DomainEventMessage<?>>> streams;

    @Autowired
    public RelationshipHistory(EventStore eventStore, PurchaseModelFits models) {
        this(eventStore, models, Clock.systemUTC());
    }

    RelationshipHistory(EventStore eventStore, PurchaseModelFits models, Clock clock) {
        this.eventStore = eventStore;
        this.streams = MergedHistory.eventsFrom(() -> eventStore).all();
        this.models = models;
        this.clock = clock;
    }

    @QueryHandler
    RelationshipView handle(FindRelationshipAsOfQuery query) {
        boolean[] happened = {false};
        String tenant = query.relationshipId().substring(0, query.relationshipId().indexOf('/'));
        RelationshipState state = MergedHistory.fold(query.relationshipId(), tenant, streams, event -> {
            if (query.knownAt() != null && event.getTimestamp().isAfter(query.knownAt())) {
                return false;
            }
            boolean inTime = query.occurredUpTo() == null || !businessTime(event).isAfter(query.occurredUpTo());
            happened[0] |= inTime && event.getAggregateIdentifier().equals(query.relationshipId());
            // Who the customer is holds for every business time: history imported after the fact still has a face.
            // Erasure holds for every business time too: the past cannot be shown with what was forgotten.
            return inTime || event.getPayload() instanceof CustomerRegisteredEvent
                    || event.getPayload() instanceof CustomerForgottenEvent;
        });
        if (!happened[0]) {
            return null;
        }
        // Read as it stood then: the stage at that time, scored by the latest fit on data up to then.
        Instant readAt = query.occurredUpTo() != null ? query.occurredUpTo()
                : query.knownAt() != null ? query.knownAt() : clock.instant();
        PurchaseModelFit fit = state.tenant() == null ? null : models.latestUpTo(state.tenant(), readAt);
        return state.toView(readAt, PurchaseModelFits.hourPattern(fit))
                .withPrediction(PurchaseModelFits.predict(fit, state, readAt, query.horizonDays()));
    }

    /**
     * The consent ledger read at a time: the latest change for the channel and purpose effective by then decides.
     * Changes are ordered by when they took effect, not when they were recorded, so a late-recorded withdrawal
     * still counts from its own time. Null when the workspace has no such customer.
     */
    @QueryHandler
    ConsentAnswer handle(CheckConsentQuery query) {
        ConsentChangedEvent deciding = null;
        var events = eventStore.readEvents(query.relationshipId(), 0);
        if (!events.hasNext()) {
            return null;
        }
        while (events.hasNext()) {
            if (events.next().getPayload() instanceof ConsentChangedEvent change
                    && change.channel() == query.channel() && change.purpose().equals(query.purpose())
                    && !change.at().isAfter(query.at())
                    && (deciding == null || !change.at().isBefore(deciding.at()))) {
                deciding = change;
            }
        }
        return deciding == null ? new ConsentAnswer(false, null, null)
                : new ConsentAnswer(deciding.granted(), deciding.at(), deciding.source());
    }

    /** When it happened: an interaction's occurredAt, anything else when it was recorded. */
    private static Instant businessTime(DomainEventMessage<?> event) {
        return event.getPayload() instanceof InteractionRecordedEvent recorded
                ? recorded.interaction().occurredAt() : event.getTimestamp();
    }
}
