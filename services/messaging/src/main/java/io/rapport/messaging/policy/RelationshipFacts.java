package io.rapport.messaging.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.CheckConsentRequest;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.Relationship;
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
        try {
            return stub(tenant).checkConsent(CheckConsentRequest.newBuilder().setCustomerId(customerId)
                    .setChannel(relationshipChannel(channel)).setPurpose(purpose)
                    .setAtTime(ProtoTime.timestamp(at))
                    .build()).getHeld();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                // Nobody the relationship service knows has given consent.
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<ZoneId> timeZone(String tenant, String customerId) {
        try {
            return zoneOf(stub(tenant).getRelationship(GetRelationshipRequest.newBuilder().setCustomerId(customerId)
                    .build()).getRelationship());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Customer> customer(String tenant, String customerId) {
        Relationship view;
        try {
            view = stub(tenant).getRelationship(GetRelationshipRequest.newBuilder().setCustomerId(customerId).build())
                    .getRelationship();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        view.getProfile().getAttributesMap().forEach((key, value) -> variables.put("customer_" + key, value));
        putIfSet(variables, "customer_first_name", view.getProfile().getFirstName());
        putIfSet(variables, "customer_last_name", view.getProfile().getLastName());
        putIfSet(variables, "customer_email", view.getProfile().getEmail());
        putIfSet(variables, "customer_phone", view.getProfile().getPhone());
        putIfSet(variables, "customer_stage", view.getStage().name().replace("STAGE_", "").toLowerCase(Locale.ROOT));
        Optional<MessageChannel> preferred = switch (view.getPreferredChannel()) {
            case CHANNEL_EMAIL -> Optional.of(MessageChannel.EMAIL);
            case CHANNEL_SMS, CHANNEL_PHONE -> Optional.of(MessageChannel.SMS);
            case CHANNEL_PUSH, CHANNEL_APP -> Optional.of(MessageChannel.PUSH);
            case CHANNEL_SOCIAL -> Optional.of(MessageChannel.SOCIAL);
            default -> Optional.empty();
        };
        return Optional.of(new Customer(Map.copyOf(variables), preferred, emptyToNull(view.getProfile().getEmail()),
                emptyToNull(view.getProfile().getPhone()), zoneOf(view)));
    }

    private static Optional<ZoneId> zoneOf(Relationship view) {
        return view.getTimeZone().isEmpty() ? Optional.empty() : Optional.of(ZoneId.of(view.getTimeZone()));
    }

    private static void putIfSet(Map<String, String> variables, String name, String value) {
        if (!value.isEmpty()) {
            variables.put(name, value);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private RelationshipServiceGrpc.RelationshipServiceBlockingStub stub(String tenant) {
        return forTenant(stub, tenant, DEADLINE);
    }

    /** The stub calling as workspace {@code tenant}, each call with {@code deadline}. */
    public static RelationshipServiceGrpc.RelationshipServiceBlockingStub forTenant(
            RelationshipServiceGrpc.RelationshipServiceBlockingStub stub, String tenant, Duration deadline) {
        return Tenancy.callingAs(stub, tenant).withDeadlineAfter(deadline);
    }

    /** The relationship service's name for a messaging channel. */
    public static Channel relationshipChannel(MessageChannel channel) {
        return switch (channel) {
            case EMAIL -> Channel.CHANNEL_EMAIL;
            case SMS -> Channel.CHANNEL_SMS;
            case PUSH -> Channel.CHANNEL_PUSH;
            case SOCIAL -> Channel.CHANNEL_SOCIAL;
            case WEBHOOK -> Channel.CHANNEL_APP;
            case PREFERRED -> throw new IllegalArgumentException("PREFERRED is resolved to a channel before this");
        };
    }
}
