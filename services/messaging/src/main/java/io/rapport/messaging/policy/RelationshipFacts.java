package io.rapport.messaging.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.CheckConsentRequest;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;

/** {@link CustomerFacts} asked of the relationship service over gRPC, with a deadline on every call. */
public class RelationshipFacts implements CustomerFacts {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub stub;

    public RelationshipFacts(RelationshipServiceGrpc.RelationshipServiceBlockingStub stub) {
        this.stub = stub;
    }

    @Override
    public boolean consentHeld(String tenant, String customerId, MessageChannel channel, String purpose, Instant at) {
        return stub(tenant).checkConsent(CheckConsentRequest.newBuilder().setCustomerId(customerId)
                .setChannel(relationshipChannel(channel)).setPurpose(purpose)
                .setAtTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .build()).getHeld();
    }

    @Override
    public Optional<ZoneId> timeZone(String tenant, String customerId) {
        try {
            String zone = stub(tenant).getRelationship(GetRelationshipRequest.newBuilder().setCustomerId(customerId)
                    .build()).getRelationship().getTimeZone();
            return zone.isEmpty() ? Optional.empty() : Optional.of(ZoneId.of(zone));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private RelationshipServiceGrpc.RelationshipServiceBlockingStub stub(String tenant) {
        Metadata metadata = new Metadata();
        metadata.put(Tenancy.TENANT_KEY, tenant);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata)).withDeadlineAfter(DEADLINE);
    }

    /** The relationship service's name for a messaging channel. */
    public static Channel relationshipChannel(MessageChannel channel) {
        return switch (channel) {
            case EMAIL -> Channel.CHANNEL_EMAIL;
            case SMS -> Channel.CHANNEL_SMS;
            case PUSH -> Channel.CHANNEL_PUSH;
            case SOCIAL -> Channel.CHANNEL_SOCIAL;
            case WEBHOOK -> Channel.CHANNEL_APP;
        };
    }
}
