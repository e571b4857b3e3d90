package io.rapport.messaging.query;

import java.util.ArrayList;
import java.util.List;

import io.rapport.messaging.api.FindMessageQuery;
import io.rapport.messaging.api.MessageAttemptStartedEvent;
import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageDeliveredEvent;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRequestedEvent;
import io.rapport.messaging.api.MessageRetryScheduledEvent;
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

    /** Engagements only move a message's state forward: an open after a click leaves it CLICKED. */
    private static final List<String> ENGAGEMENT_ORDER = List.of("OPENED", "CLICKED", "REPLIED", "UNSUBSCRIBED");

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
            MessageView.Step step = step(payload);
            if (step == null) {
                continue;
            }
            if (payload instanceof MessageRequestedEvent e) {
                requested = e;
            }
            history.add(step);
            if (payload instanceof MessageSuppressedEvent || payload instanceof MessageFailedEvent
                    || payload instanceof MessageBouncedEvent || payload instanceof MessageRetryScheduledEvent) {
                reason = step.detail();
            }
            if (!ENGAGEMENT_ORDER.contains(step.state()) || ENGAGEMENT_ORDER.indexOf(step.state())
                    > ENGAGEMENT_ORDER.indexOf(state)) {
                state = step.state();
            }
        }
        return requested == null ? null : new MessageView(requested.messageId(), requested.idempotencyKey(),
                requested.customerId(), requested.channel(), requested.purpose(), state, reason, List.copyOf(history));
    }

    private static MessageView.Step step(Object payload) {
        if (payload instanceof MessageRequestedEvent e) {
            return new MessageView.Step("REQUESTED", e.at(), null);
        } else if (payload instanceof MessageSuppressedEvent e) {
            return new MessageView.Step("SUPPRESSED", e.at(), e.reason());
        } else if (payload instanceof MessageRenderedEvent e) {
            return new MessageView.Step("RENDERED", e.at(), null);
        } else if (payload instanceof MessageAttemptStartedEvent e) {
            return new MessageView.Step("SENDING", e.at(), "attempt " + e.attempt());
        } else if (payload instanceof MessageRetryScheduledEvent e) {
            return new MessageView.Step("RETRYING", e.at(), e.reason() + "; attempt " + (e.attempt() + 1) + " at "
                    + e.retryAt());
        } else if (payload instanceof MessageDispatchedEvent e) {
            return new MessageView.Step("DISPATCHED", e.at(), e.providerMessageId());
        } else if (payload instanceof MessageFailedEvent e) {
            return new MessageView.Step("FAILED", e.at(), e.reason());
        } else if (payload instanceof MessageDeliveredEvent e) {
            return new MessageView.Step("DELIVERED", e.at(), null);
        } else if (payload instanceof MessageBouncedEvent e) {
            return new MessageView.Step(e.complaint() ? "COMPLAINED" : "BOUNCED", e.at(),
                    (e.complaint() ? "" : e.hard() ? "hard: " : "soft: ") + (e.reason() == null ? "" : e.reason()));
        } else if (payload instanceof MessageEngagedEvent e) {
            return new MessageView.Step(e.kind(), e.at(), e.url());
        }
        return null;
    }
}
