package io.rapport.relationship.query;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipChanged;
import io.rapport.relationship.api.RelationshipChanges;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
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
    public void follow(String tenant, String resumeToken, BooleanSupplier stopped, Consumer<RelationshipChanged> listener)
            throws InterruptedException {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(ResumeTokens.read(resumeToken))) {
            while (!stopped.getAsBoolean()) {
                if (stream.hasNextAvailable(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    Change change = changeOf(event.getPayload());
                    if (change != null && change.tenant().equals(tenant)) {
                        listener.accept(new RelationshipChanged(change.customerId(), List.of(change.what()),
                                event.trackingToken().position().orElse(0), ResumeTokens.write(event.trackingToken()),
                                event.getTimestamp()));
                    }
                }
            }
        }
    }

    private record Change(String tenant, String customerId, String what) {
    }

    private static Change changeOf(Object payload) {
        if (payload instanceof CustomerRegisteredEvent e) {
            return new Change(e.tenant(), e.customerId(), "registered");
        }
        if (payload instanceof InteractionRecordedEvent e) {
            return new Change(e.tenant(), e.customerId(), "interaction");
        }
        if (payload instanceof CustomerForgottenEvent e) {
            return new Change(e.tenant(), e.customerId(), "erased");
        }
        if (payload instanceof ConsentChangedEvent e) {
            return new Change(e.tenant(), e.customerId(), "consent");
        }
        return null;
    }
}
