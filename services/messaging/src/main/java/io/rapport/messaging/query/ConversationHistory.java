package io.rapport.messaging.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.rapport.messaging.api.AgentRepliedEvent;
import io.rapport.messaging.api.ConversationAssignedEvent;
import io.rapport.messaging.api.ConversationStartedEvent;
import io.rapport.messaging.api.ConversationStatus;
import io.rapport.messaging.api.ConversationStatusChangedEvent;
import io.rapport.messaging.api.ConversationView;
import io.rapport.messaging.api.FindConversationQuery;
import io.rapport.messaging.api.InboundMessageReceivedEvent;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** A conversation with its messages, folded from its events (read by key: a conversation has dozens, not millions). */
@Component
public class ConversationHistory {

    private final EventStore eventStore;

    public ConversationHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    public ConversationView handle(FindConversationQuery query) {
        return fold(query.conversationId());
    }

    /** The conversation as its events tell it, or null when there is none. */
    public ConversationView fold(String conversationId) {
        var events = eventStore.readEvents(conversationId, 0);
        ConversationStartedEvent started = null;
        ConversationStatus status = null;
        String assignee = null;
        boolean flagged = false;
        String suggestion = null;
        Instant last = null;
        Instant firstResponse = null;
        int inbound = 0;
        int replies = 0;
        double sentiment = 0;
        List<ConversationView.Entry> entries = new ArrayList<>();
        while (events.hasNext()) {
            Object payload = events.next().getPayload();
            if (payload instanceof ConversationStartedEvent e) {
                started = e;
                status = ConversationStatus.OPEN;
            } else if (payload instanceof InboundMessageReceivedEvent e) {
                inbound++;
                status = ConversationStatus.OPEN;
                last = e.at();
                sentiment = e.sentiment();
                if (e.complaint()) {
                    flagged = true;
                    suggestion = e.suggestedReply();
                }
                entries.add(new ConversationView.Entry("INBOUND", e.inboundId(), e.at(), e.from(), e.subject(),
                        e.text(), e.sentiment(), e.complaint(), null, e.repliedMessageId()));
            } else if (payload instanceof AgentRepliedEvent e) {
                replies++;
                status = ConversationStatus.PENDING;
                last = e.at();
                flagged = false;
                suggestion = null;
                if (firstResponse == null) {
                    firstResponse = e.at();
                }
                entries.add(new ConversationView.Entry("REPLY", e.replyId(), e.at(), null, null, e.text(), 0, false,
                        e.agent(), e.messageId()));
            } else if (payload instanceof ConversationStatusChangedEvent e) {
                status = e.status();
            } else if (payload instanceof ConversationAssignedEvent e) {
                assignee = e.assignee().isEmpty() ? null : e.assignee();
            }
        }
        if (started == null) {
            return null;
        }
        return new ConversationView(started.conversationId(), started.customerId(), started.channel(), status,
                assignee, flagged, suggestion, started.at(), last == null ? started.at() : last, firstResponse,
                inbound, replies, sentiment, List.copyOf(entries));
    }
}
