package io.rapport.messaging.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRequestedEvent;
import io.rapport.messaging.api.MessageStatus;
import io.rapport.messaging.api.MessageSuppressedEvent;
import io.rapport.messaging.api.RecordDispatchCommand;
import io.rapport.messaging.api.RecordEngagementCommand;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.policy.SendPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One message, keyed by the sender's idempotency key: requested, then suppressed (with the reason) or rendered,
 * then dispatched or failed. Asking again with the same key changes nothing and answers with where the first
 * request stands.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Message {

    @AggregateIdentifier
    private String messageId;
    private String tenant;
    private String customerId;
    private MessageChannel channel;
    private String state;
    private String reason;
    private Set<String> engagements = new HashSet<>();

    protected Message() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MessageStatus handle(SendMessageCommand request, TemplateRenderer renderer, SendPolicy policy,
                               Personalisation personalisation) {
        if (messageId != null) {
            return status();
        }
        Instant now = Instant.now();
        Personalisation.Resolved resolved = personalisation.resolve(request);
        SendMessageCommand command = resolved.command();
        apply(new MessageRequestedEvent(command.messageId(), command.tenant(), command.idempotencyKey(),
                command.customerId(), command.channel(), command.purpose(), command.recipient(), now));
        String refusal = resolved.refusal() != null ? resolved.refusal() : policy.refusal(command, now).orElse(null);
        TemplateRenderer.Rendered rendered = refusal == null
                ? renderer.render(command.template(), command.variables()) : null;
        if (refusal == null) {
            refusal = rendered.refusal();
        }
        if (refusal != null) {
            apply(new MessageSuppressedEvent(command.messageId(), command.tenant(), command.customerId(),
                    command.channel(), refusal, now));
            return new MessageStatus(command.messageId(), "SUPPRESSED", refusal);
        }
        apply(new MessageRenderedEvent(command.messageId(), command.tenant(), command.customerId(),
                command.channel(), command.recipient(), rendered.subject(), rendered.body(), now));
        return new MessageStatus(command.messageId(), "RENDERED", null);
    }

    /** The channel's outcome; only a rendered message can have one, and only once. */
    @CommandHandler
    public MessageStatus handle(RecordDispatchCommand command) {
        if (!"RENDERED".equals(state)) {
            return status();
        }
        Instant now = Instant.now();
        if (command.failure() == null) {
            apply(new MessageDispatchedEvent(messageId, tenant, customerId, channel, command.providerMessageId(),
                    command.attempt(), now));
        } else {
            apply(new MessageFailedEvent(messageId, tenant, customerId, channel, command.failure(), command.attempt(),
                    now));
        }
        return status();
    }

    /** Opens and unsubscribes count once; each different link clicked counts once. */
    @CommandHandler
    public boolean handle(RecordEngagementCommand command) {
        if (!"DISPATCHED".equals(state)) {
            return false;
        }
        String key = command.kind() + (command.url() == null ? "" : " " + command.url());
        if (engagements.contains(key)) {
            return false;
        }
        apply(new MessageEngagedEvent(messageId, tenant, customerId, channel, command.kind(), command.url(),
                Instant.now()));
        return true;
    }

    private MessageStatus status() {
        return new MessageStatus(messageId, state, reason);
    }

    @EventSourcingHandler
    void on(MessageRequestedEvent event) {
        messageId = event.messageId();
        tenant = event.tenant();
        customerId = event.customerId();
        channel = event.channel();
        state = "REQUESTED";
    }

    @EventSourcingHandler
    void on(MessageSuppressedEvent event) {
        state = "SUPPRESSED";
        reason = event.reason();
    }

    @EventSourcingHandler
    void on(MessageRenderedEvent event) {
        state = "RENDERED";
    }

    @EventSourcingHandler
    void on(MessageDispatchedEvent event) {
        state = "DISPATCHED";
    }

    @EventSourcingHandler
    void on(MessageEngagedEvent event) {
        engagements.add(event.kind() + (event.url() == null ? "" : " " + event.url()));
    }

    @EventSourcingHandler
    void on(MessageFailedEvent event) {
        state = "FAILED";
        reason = event.reason();
    }
}
