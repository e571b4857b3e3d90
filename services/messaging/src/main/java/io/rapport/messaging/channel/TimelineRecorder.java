package io.rapport.messaging.channel;

import java.time.Duration;
import java.time.Instant;

import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageDeliveredEvent;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessageSuppressedEvent;
import io.rapport.messaging.policy.RelationshipFacts;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Puts every message outcome on the customer's timeline in the relationship service. Event ids are derived from
 * the message and its outcome, so a retried delivery of the same event records nothing twice; a failure to reach
 * the relationship service stops this processor, which retries until it can.
 */
@ProcessingGroup(TimelineRecorder.PROCESSING_GROUP)
public class TimelineRecorder {

    public static final String PROCESSING_GROUP = "message-timeline";
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships;

    public TimelineRecorder(RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships) {
        this.relationships = relationships;
    }

    @EventHandler
    void on(MessageDispatchedEvent event) {
        record(event.tenant(), event.customerId(), event.messageId(), "dispatched", event.channel(),
                InteractionKind.INTERACTION_KIND_MESSAGE, event.providerMessageId(), event.at());
    }

    @EventHandler
    void on(MessageSuppressedEvent event) {
        record(event.tenant(), event.customerId(), event.messageId(), "suppressed", event.channel(),
                InteractionKind.INTERACTION_KIND_SUPPRESSED, event.reason(), event.at());
    }

    /** A reply is on the timeline already, as the customer's inbound message that made it. */
    @EventHandler
    void on(MessageEngagedEvent event) {
        if ("REPLIED".equals(event.kind())) {
            return;
        }
        InteractionKind kind = switch (event.kind()) {
            case "OPENED" -> InteractionKind.INTERACTION_KIND_OPEN;
            case "CLICKED" -> InteractionKind.INTERACTION_KIND_CLICK;
            default -> InteractionKind.INTERACTION_KIND_UNSUBSCRIBE;
        };
        // An unsubscribe recorded in the relationship service withdraws marketing consent on its channel.
        recordInbound(event.tenant(), event.customerId(), event.messageId(),
                event.kind().toLowerCase(java.util.Locale.ROOT) + (event.url() == null ? "" : ":" + event.url().hashCode()),
                event.channel(), kind, event.url(), event.at());
    }

    @EventHandler
    void on(MessageDeliveredEvent event) {
        record(event.tenant(), event.customerId(), event.messageId(), "delivered", event.channel(),
                InteractionKind.INTERACTION_KIND_DELIVERED, null, event.at());
    }

    /** A complaint (marked as spam) is the customer speaking; a bounce is the provider's report. */
    @EventHandler
    void on(MessageBouncedEvent event) {
        if (event.complaint()) {
            recordInbound(event.tenant(), event.customerId(), event.messageId(), "complained", event.channel(),
                    InteractionKind.INTERACTION_KIND_COMPLAINT, "marked as spam", event.at());
        } else {
            record(event.tenant(), event.customerId(), event.messageId(), event.hard() ? "bounced-hard" : "bounced-soft",
                    event.channel(), InteractionKind.INTERACTION_KIND_BOUNCED,
                    (event.hard() ? "hard" : "soft") + (event.reason() == null ? "" : ": " + event.reason()), event.at());
        }
    }

    @EventHandler
    void on(MessageFailedEvent event) {
        record(event.tenant(), event.customerId(), event.messageId(), "failed", event.channel(),
                InteractionKind.INTERACTION_KIND_FAILED, event.reason(), event.at());
    }

    private void record(String tenant, String customerId, String messageId, String outcome, MessageChannel channel,
                        InteractionKind kind, String reference, Instant at) {
        send(tenant, customerId, messageId, outcome, channel, kind, Direction.DIRECTION_OUTBOUND, reference, at);
    }

    private void recordInbound(String tenant, String customerId, String messageId, String outcome,
                               MessageChannel channel, InteractionKind kind, String reference, Instant at) {
        send(tenant, customerId, messageId, outcome, channel, kind, Direction.DIRECTION_INBOUND, reference, at);
    }

    private void send(String tenant, String customerId, String messageId, String outcome, MessageChannel channel,
                      InteractionKind kind, Direction direction, String reference, Instant at) {
        String key = messageId.substring(messageId.indexOf('/') + 1);
        Interaction.Builder interaction = Interaction.newBuilder().setCustomerId(customerId)
                .setEventId("message:" + key + ":" + outcome).setChannel(RelationshipFacts.relationshipChannel(channel))
                .setDirection(direction).setKind(kind).setMessageId(key)
                .setOccurTime(ProtoTime.timestamp(at));
        if (reference != null) {
            interaction.setReference(reference.length() > 500 ? reference.substring(0, 500) : reference);
        }
        RelationshipFacts.forTenant(relationships, tenant, DEADLINE).recordInteractions(RecordInteractionsRequest.newBuilder().addInteractions(interaction).build());
    }
}
