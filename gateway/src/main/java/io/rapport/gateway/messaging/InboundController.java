package io.rapport.gateway.messaging;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.ByteString;
import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.messaging.v1.GetInboundSecretRequest;
import io.rapport.proto.messaging.v1.InboundKind;
import io.rapport.proto.messaging.v1.ReceiveInboundRequest;
import io.rapport.proto.messaging.v1.ReceiveInboundResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Providers' webhooks: customers' e-mail replies, SMS replies, social posts and mentions, and delivery reports.
 * A provider has no API key: each request is signed with the workspace's inbound secret (see the README, "Inbound
 * webhooks"), and the messaging service checks the signature over the body exactly as received.
 */
@Tag(name = "Inbound", description = "Signed webhooks through which providers deliver inbound messages.")
@RestController
public class InboundController {

    private static final Map<String, InboundKind> KINDS = Map.of("email", InboundKind.INBOUND_KIND_EMAIL,
            "sms", InboundKind.INBOUND_KIND_SMS, "social", InboundKind.INBOUND_KIND_SOCIAL,
            "delivery", InboundKind.INBOUND_KIND_DELIVERY);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Received(String conversationId, String customerId, boolean recorded, boolean complaint) {
    }

    record Secret(String secret) {
    }

    private final MessagingClient messaging;

    public InboundController(MessagingClient messaging) {
        this.messaging = messaging;
    }

    @Operation(operationId = "receiveInbound",
            summary = "Receive an inbound e-mail, SMS or social post (signed webhook)")
    @RestDoc(request = "InboundPayload")
    @PostMapping("/inbound/{workspace}/{kind}")
    Received receive(@PathVariable String workspace, @PathVariable String kind, @RequestBody(required = false) byte[] body,
                     @RequestHeader(name = "X-Rapport-Timestamp", required = false) String timestamp,
                     @RequestHeader(name = "X-Rapport-Signature", required = false) String signature) {
        InboundKind inboundKind = KINDS.get(kind);
        if (inboundKind == null) {
            throw new InvalidRequestException(List.of("kind: one of email, sms, social, delivery"));
        }
        if (!workspace.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new InvalidRequestException(List.of("workspace: not a workspace id"));
        }
        ReceiveInboundResponse received = messaging.forWorkspace(workspace).receiveInbound(ReceiveInboundRequest
                .newBuilder().setKind(inboundKind).setBody(ByteString.copyFrom(body == null ? new byte[0] : body))
                .setTimestamp(timestamp == null ? "" : timestamp).setSignature(signature == null ? "" : signature)
                .build());
        return new Received(received.getConversationId().isEmpty() ? null : received.getConversationId(),
                received.getCustomerId().isEmpty() ? null : received.getCustomerId(), received.getRecorded(),
                received.getComplaint());
    }

    /** The secret this workspace's providers sign their webhooks with (admin scope). */
    @Operation(operationId = "getInboundSecret",
            summary = "Get the secret that signs this workspace's inbound webhooks")
    @GetMapping("/v1/admin/inbound-secret")
    Secret secret(HttpServletRequest request) {
        return new Secret(messaging.forWorkspace(Workspace.of(request))
                .getInboundSecret(GetInboundSecretRequest.getDefaultInstance()).getSecret());
    }
}
