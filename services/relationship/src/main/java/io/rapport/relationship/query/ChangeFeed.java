package io.rapport.relationship.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerProfileUpdatedEvent;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.IdentifierLinkedEvent;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipChanged;
import io.rapport.relationship.api.RelationshipChanges;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * The change feed read straight from the event store (key lookups by position), so it needs no read model and
 * can resume from any point. Other workspaces' events are read past, never handed out.
 */
@Component
public class ChangeFeed implements RelationshipChanges {

    private static final int POLL_MILLIS = 500;

    private final EventStore eventStore;

    public ChangeFeed(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public void follow(String tenant, String resumeToken, Instant startTime, BooleanSupplier stopped,
                       Consumer<RelationshipChanged> listener) throws InterruptedException {
        TrackingToken from = resumeToken.isEmpty() && startTime != null ? eventStore.createTokenAt(startTime)
                : ResumeTokens.read(resumeToken);
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(from)) {
            while (!stopped.getAsBoolean()) {
                if (stream.hasNextAvailable(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    Change change = changeOf(event.getPayload());
                    if (change != null && change.tenant().equals(tenant)) {
                        listener.accept(new RelationshipChanged(change.customerId(), change.what(),
                                event.trackingToken().position().orElse(0), ResumeTokens.write(event.trackingToken()),
                                event.getTimestamp(), event instanceof DomainEventMessage<?> domain
                                ? domain.getSequenceNumber() + 1 : 0));
                    }
                }
            }
        }
    }

    private record Change(String tenant, String customerId, List<String> what) {
    }

    /**
     * Which attributes of the relationship view an event changes: what a follower (the campaign service) needs
     * to decide whether to look again.
     */
    private static Change changeOf(Object payload) {
        if (payload instanceof CustomerRegisteredEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("registered", "profile"));
        }
        if (payload instanceof InteractionRecordedEvent e) {
            List<String> what = new ArrayList<>(List.of("interactions", "stage"));
            switch (e.interaction().kind()) {
                case PURCHASE -> what.addAll(List.of("orders", "spend", "prediction"));
                case RETURN -> what.add("spend");
                case UNSUBSCRIBE -> what.add("consent");
                default -> {
                }
            }
            if (e.interaction().sentiment() != null) {
                what.add("sentiment");
            }
            if (!e.interaction().tags().isEmpty()) {
                what.add("interests");
            }
            return new Change(e.tenant(), e.customerId(), List.copyOf(what));
        }
        if (payload instanceof CustomerForgottenEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("erased", "profile", "identifiers"));
        }
        if (payload instanceof CustomerProfileUpdatedEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("profile"));
        }
        if (payload instanceof ConsentChangedEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("consent"));
        }
        if (payload instanceof IdentifierLinkedEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("identifiers"));
        }
        if (payload instanceof CustomersMergedEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("merged"));
        }
        if (payload instanceof CustomersUnmergedEvent e) {
            return new Change(e.tenant(), e.customerId(), List.of("unmerged"));
        }
        return null;
    }
}
