package io.rapport.messaging.inbound;

import java.time.Duration;

import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.policy.RelationshipFacts;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.Identifier;
import io.rapport.proto.relationship.v1.IdentifierType;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.ScoreSentimentRequest;

/**
 * What an inbound message needs from the relationship service: its tone, and its place on the sender's timeline,
 * which also says who the sender is (the customer holding the address, or a new one given it).
 */
public class InboundTimeline {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships;

    public InboundTimeline(RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships) {
        this.relationships = relationships;
    }

    /** VADER's compound score of the text. */
    public double sentiment(String tenant, String text) {
        return RelationshipFacts.forTenant(relationships, tenant, DEADLINE)
                .scoreSentiment(ScoreSentimentRequest.newBuilder().setText(text).build()).getScore().getCompound();
    }

    /**
     * Records the message as the sender's REPLY or COMPLAINT, under an event id derived from the provider's id (a
     * repeated webhook records nothing twice); answers the sender's customer id.
     *
     * @param repliedMessageKey the idempotency key of the message this replies to, or null
     */
    public String record(String tenant, InboundMessage message, boolean complaint, String repliedMessageKey) {
        Interaction.Builder interaction = Interaction.newBuilder()
                .setEventId("inbound:" + message.channel().name().toLowerCase(java.util.Locale.ROOT) + ":"
                        + message.id())
                .setCustomerIdentifier(identifier(message))
                .setChannel(RelationshipFacts.relationshipChannel(message.channel()))
                .setDirection(Direction.DIRECTION_INBOUND)
                .setKind(complaint ? InteractionKind.INTERACTION_KIND_COMPLAINT : InteractionKind.INTERACTION_KIND_REPLY)
                .setContent(message.text())
                .setOccurTime(ProtoTime.timestamp(message.receivedAt()));
        if (message.subject() != null) {
            interaction.setReference(message.subject().length() > 500 ? message.subject().substring(0, 500)
                    : message.subject());
        }
        if (repliedMessageKey != null) {
            interaction.setMessageId(repliedMessageKey);
        }
        return RelationshipFacts.forTenant(relationships, tenant, DEADLINE).recordInteractions(
                RecordInteractionsRequest.newBuilder().addInteractions(interaction).build()).getResults(0).getCustomerId();
    }

    private static Identifier identifier(InboundMessage message) {
        IdentifierType type = switch (message.channel()) {
            case EMAIL -> IdentifierType.IDENTIFIER_TYPE_EMAIL;
            case SMS -> IdentifierType.IDENTIFIER_TYPE_PHONE;
            default -> IdentifierType.IDENTIFIER_TYPE_SOCIAL;
        };
        return Identifier.newBuilder().setType(type).setValue(message.from()).build();
    }
}
