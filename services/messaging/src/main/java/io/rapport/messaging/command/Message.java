package io.rapport.messaging.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.messaging.api.AttemptGranted;
import io.rapport.messaging.api.MessageAttemptStartedEvent;
import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageDeliveredEvent;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRequestedEvent;
import io.rapport.messaging.api.MessageRetryScheduledEvent;
import io.rapport.messaging.api.MessageStatus;
import io.rapport.messaging.api.MessageSuppressedEvent;
import io.rapport.messaging.api.RecordDeliveryCommand;
import io.rapport.messaging.api.RecordDispatchCommand;
import io.rapport.messaging.api.RecordEngagementCommand;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.api.StartAttemptCommand;
import io.rapport.messaging.channel.TrackingLinks;
import io.rapport.messaging.policy.SendPolicy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One message, keyed by the sender's idempotency key: requested, then suppressed (with the reason) or rendered;
 * then attempts at sending (each started before the hand-off), retried later after a passing failure, until it is
 * dispatched or failed; then delivered, bounced or complained of, and opened, clicked, replied to or unsubscribed
 * from. Asking again with the same key changes nothing and answers with where the first request stands.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Message {

    /** Why an interrupted e-mail is not sent again. */
    public static final String INTERRUPTED = "interrupted: the service stopped while handing the message to its "
            + "provider, so whether it arrived is unknown; not sent again, so that nobody gets it twice";

    @AggregateIdentifier
    private String messageId;
    private String tenant;
    private String customerId;
    private MessageChannel channel;
    private String state;
    private String reason;
    private MessageRenderedEvent content;
    private int attempt;
    private Set<String> engagements = new HashSet<>();

    protected Message() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MessageStatus handle(SendMessageCommand request, TemplateRenderer renderer, SendPolicy policy,
                               Personalisation personalisation, TrackingLinks links) {
        if (messageId != null) {
            return status();
        }
        Instant now = Instant.now();
        Personalisation.Resolved resolved = personalisation.resolve(request);
        SendMessageCommand command = resolved.command();
        apply(new MessageRequestedEvent(command.messageId(), command.tenant(), command.idempotencyKey(),
                command.customerId(), command.channel(), command.purpose(), command.recipient(), now));
        String refusal = resolved.refusal() != null ? resolved.refusal()
                : policy.refusal(command, now, resolved.customer()).orElse(null);
        Map<String, String> variables = new HashMap<>(command.variables());
        variables.putIfAbsent("unsubscribe_url", links.unsubscribe(command.messageId()));
        TemplateRenderer.Rendered rendered = refusal == null ? renderer.render(command.template(), variables) : null;
        if (refusal == null) {
            refusal = rendered.refusal();
        }
        if (refusal != null) {
            apply(new MessageSuppressedEvent(command.messageId(), command.tenant(), command.customerId(),
                    command.channel(), refusal, now));
            return new MessageStatus(command.messageId(), "SUPPRESSED", refusal);
        }
        apply(new MessageRenderedEvent(command.messageId(), command.tenant(), command.customerId(),
                command.channel(), command.recipient(), rendered.subject(), rendered.body(), rendered.html(), now));
        return new MessageStatus(command.messageId(), "RENDERED", null);
    }

    /**
     * The next attempt at sending. A message whose last attempt started but has no outcome was interrupted (the
     * service stopped during the hand-off): whether the provider got it is unknown. An e-mail is then failed rather
     * than risk a second copy (SMTP cannot be asked); an HTTP provider is sent the same idempotency key again, so
     * it can drop the repeat.
     */
    @CommandHandler
    public AttemptGranted handle(StartAttemptCommand command) {
        Instant now = Instant.now();
        boolean expected = switch (state) {
            case "RENDERED" -> command.attempt() == 1;
            case "RETRYING", "SENDING" -> command.attempt() == attempt;
            default -> false;
        };
        if (!expected) {
            return null;
        }
        if ("SENDING".equals(state)) {
            if (channel == MessageChannel.EMAIL || attempt >= command.maxAttempts()) {
                apply(new MessageFailedEvent(messageId, tenant, customerId, channel, channel == MessageChannel.EMAIL
                        ? INTERRUPTED : "interrupted on the last of " + command.maxAttempts() + " attempts", attempt,
                        now));
                return null;
            }
            apply(new MessageAttemptStartedEvent(messageId, tenant, customerId, channel, attempt + 1, now));
            return new AttemptGranted(attempt, content);
        }
        apply(new MessageAttemptStartedEvent(messageId, tenant, customerId, channel, command.attempt(), now));
        return new AttemptGranted(attempt, content);
    }

    /** The outcome of the attempt in flight; any other attempt's outcome is old news and changes nothing. */
    @CommandHandler
    public MessageStatus handle(RecordDispatchCommand command) {
        if (!"SENDING".equals(state) || command.attempt() != attempt) {
            return status();
        }
        Instant now = Instant.now();
        if (command.failure() == null) {
            apply(new MessageDispatchedEvent(messageId, tenant, customerId, channel, command.providerMessageId(),
                    attempt, now));
        } else if (command.retryAt() != null) {
            apply(new MessageRetryScheduledEvent(messageId, tenant, customerId, channel, attempt, command.failure(),
                    command.retryAt(), now));
        } else {
            apply(new MessageFailedEvent(messageId, tenant, customerId, channel, command.failure(), attempt, now));
        }
        return status();
    }

    /** The provider's later word on a dispatched message; each status counts once. */
    @CommandHandler
    public boolean handle(RecordDeliveryCommand command) {
        if (!"DISPATCHED".equals(state) && !"DELIVERED".equals(state)) {
            return false;
        }
        Instant now = Instant.now();
        switch (command.status()) {
            case DELIVERED -> {
                if ("DELIVERED".equals(state)) {
                    return false;
                }
                apply(new MessageDeliveredEvent(messageId, tenant, customerId, channel, now));
            }
            case SOFT_BOUNCE, HARD_BOUNCE -> apply(new MessageBouncedEvent(messageId, tenant, customerId, channel,
                    content.recipient(), command.status() == RecordDeliveryCommand.DeliveryStatus.HARD_BOUNCE, false,
                    command.reason(), now));
            case COMPLAINED -> apply(new MessageBouncedEvent(messageId, tenant, customerId, channel,
                    content.recipient(), false, true, command.reason(), now));
        }
        return true;
    }

    /** Opens and unsubscribes count once; each different link clicked counts once. */
    @CommandHandler
    public boolean handle(RecordEngagementCommand command) {
        if (!"DISPATCHED".equals(state) && !"DELIVERED".equals(state)) {
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
        content = event;
    }

    @EventSourcingHandler
    void on(MessageAttemptStartedEvent event) {
        state = "SENDING";
        attempt = event.attempt();
    }

    @EventSourcingHandler
    void on(MessageRetryScheduledEvent event) {
        state = "RETRYING";
        attempt = event.attempt() + 1;
        reason = event.reason();
    }

    @EventSourcingHandler
    void on(MessageDeliveredEvent event) {
        state = "DELIVERED";
    }

    @EventSourcingHandler
    void on(MessageBouncedEvent event) {
        state = "BOUNCED";
        reason = event.reason();
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
