package io.rapport.messaging.query;

import java.util.ArrayList;
import java.util.List;

import io.rapport.messaging.api.FindMessageQuery;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRequestedEvent;
import io.rapport.messaging.api.MessageSuppressedEvent;
import io.rapport.messaging.api.MessageView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** A message with its history, folded from its events (read by key: a message has a handful). */
@Component
public class MessageHistory {

    private final EventStore eventStore;

    public MessageHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    public MessageView handle(FindMessageQuery query) {
        var events = eventStore.readEvents(query.messageId(), 0);
        MessageRequestedEvent requested = null;
        String state = null;
        String reason = null;
        List<MessageView.Step> history = new ArrayList<>();
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            Object payload = event.getPayload();
            if (payload instanceof MessageRequestedEvent e) {
                requested = e;
                state = "REQUESTED";
                history.add(new MessageView.Step(state, e.at(), null));
            } else if (payload instanceof MessageSuppressedEvent e) {
                state = "SUPPRESSED";
                reason = e.reason();
                history.add(new MessageView.Step(state, e.at(), e.reason()));
            } else if (payload instanceof MessageRenderedEvent e) {
                state = "RENDERED";
                history.add(new MessageView.Step(state, e.at(), null));
            } else if (payload instanceof MessageDispatchedEvent e) {
                state = "DISPATCHED";
                history.add(new MessageView.Step(state, e.at(), e.providerMessageId()));
            } else if (payload instanceof MessageFailedEvent e) {
                state = "FAILED";
                reason = e.reason();
                history.add(new MessageView.Step(state, e.at(), e.reason()));
            }
        }
        return requested == null ? null : new MessageView(requested.messageId(), requested.idempotencyKey(),
                requested.customerId(), requested.channel(), requested.purpose(), state, reason, List.copyOf(history));
    }
}
