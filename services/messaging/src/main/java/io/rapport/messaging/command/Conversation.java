package io.rapport.messaging.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.messaging.api.AgentRepliedEvent;
import io.rapport.messaging.api.ConversationAssignedEvent;
import io.rapport.messaging.api.ConversationStartedEvent;
import io.rapport.messaging.api.ConversationStatus;
import io.rapport.messaging.api.ConversationStatusChangedEvent;
import io.rapport.messaging.api.InboundMessageReceivedEvent;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.ReceiveInboundCommand;
import io.rapport.messaging.api.RecordAgentReplyCommand;
import io.rapport.messaging.api.UpdateConversationCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One customer's exchange on one channel: their messages, each once (by the provider's id), and agents' replies,
 * each once (by the agent's reply id). Status follows who spoke last unless an agent sets it.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Conversation {

    @AggregateIdentifier
    private String conversationId;
    private String tenant;
    private String customerId;
    private MessageChannel channel;
    private ConversationStatus status;
    private String assignee;
    private Set<String> inboundIds = new HashSet<>();
    private Set<String> replyIds = new HashSet<>();

    protected Conversation() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(ReceiveInboundCommand command) {
        if (inboundIds.contains(command.inboundId())) {
            return false;
        }
        if (conversationId == null) {
            apply(new ConversationStartedEvent(command.conversationId(), command.tenant(), command.customerId(),
                    command.channel(), command.receivedAt()));
        }
        apply(new InboundMessageReceivedEvent(conversationId, tenant, customerId, channel, command.inboundId(),
                command.from(), command.subject(), command.text(), command.sentiment(), command.complaint(),
                command.suggestedReply(), command.repliedMessageId(), command.threadId(), command.receivedAt()));
        return true;
    }

    /** Answered with true when the reply was news. */
    @CommandHandler
    public boolean handle(RecordAgentReplyCommand command) {
        if (replyIds.contains(command.replyId())) {
            return false;
        }
        apply(new AgentRepliedEvent(conversationId, tenant, customerId, command.replyId(), command.agent(),
                command.text(), command.messageId(), Instant.now()));
        return true;
    }

    @CommandHandler
    public void handle(UpdateConversationCommand command) {
        Instant now = Instant.now();
        if (command.status() != null && command.status() != status) {
            apply(new ConversationStatusChangedEvent(conversationId, tenant, command.status(), now));
        }
        if (command.assignee() != null && !command.assignee().equals(assignee == null ? "" : assignee)) {
            apply(new ConversationAssignedEvent(conversationId, tenant, command.assignee(), now));
        }
    }

    @EventSourcingHandler
    void on(ConversationStartedEvent event) {
        conversationId = event.conversationId();
        tenant = event.tenant();
        customerId = event.customerId();
        channel = event.channel();
        status = ConversationStatus.OPEN;
    }

    @EventSourcingHandler
    void on(InboundMessageReceivedEvent event) {
        inboundIds.add(event.inboundId());
        status = ConversationStatus.OPEN;
    }

    @EventSourcingHandler
    void on(AgentRepliedEvent event) {
        replyIds.add(event.replyId());
        status = ConversationStatus.PENDING;
    }

    @EventSourcingHandler
    void on(ConversationStatusChangedEvent event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(ConversationAssignedEvent event) {
        assignee = event.assignee().isEmpty() ? null : event.assignee();
    }
}
