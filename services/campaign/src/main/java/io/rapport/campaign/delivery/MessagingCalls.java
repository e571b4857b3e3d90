package io.rapport.campaign.delivery;

import java.time.Duration;
import java.util.Map;

import io.rapport.campaign.api.MessageContent;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessagePurpose;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import io.rapport.proto.messaging.v1.PreviewMessageRequest;
import io.rapport.proto.messaging.v1.PreviewMessageResponse;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import io.rapport.proto.messaging.v1.SendMessageResponse;

/** The messaging service, called as one workspace with a deadline: marketing sends and previews. */
public final class MessagingCalls {

    /** What messaging made of a send: SUPPRESSED (with the reason), RENDERED, DISPATCHED or FAILED. */
    public record Outcome(String state, String reason) {
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final MessagingServiceGrpc.MessagingServiceBlockingStub stub;

    public MessagingCalls(MessagingServiceGrpc.MessagingServiceBlockingStub stub) {
        this.stub = stub;
    }

    /** Sends one marketing message; the key makes a repeat (a retry, a restart) a no-op at messaging. */
    public Outcome send(String tenant, String key, String customerId, String channel, MessageContent content,
                        Map<String, String> variables) {
        SendMessageResponse response = as(tenant).sendMessage(SendMessageRequest.newBuilder()
                .setIdempotencyKey(key).setCustomerId(customerId).setChannel(channel(channel))
                .setPurpose(MessagePurpose.MESSAGE_PURPOSE_MARKETING).setTemplate(template(content))
                .putAllVariables(variables).build());
        return new Outcome(response.getState(), response.getReason().isEmpty() ? null : response.getReason());
    }

    public PreviewMessageResponse preview(String tenant, String customerId, String channel, MessageContent content,
                                          Map<String, String> variables) {
        return as(tenant).previewMessage(PreviewMessageRequest.newBuilder().setCustomerId(customerId)
                .setChannel(channel(channel)).setTemplate(template(content)).putAllVariables(variables).build());
    }

    private MessagingServiceGrpc.MessagingServiceBlockingStub as(String tenant) {
        return Tenancy.callingAs(stub, tenant).withDeadlineAfter(DEADLINE);
    }

    private static MessageChannel channel(String name) {
        return MessageChannel.valueOf("MESSAGE_CHANNEL_" + name);
    }

    /** A template as messaging takes it. */
    public static MessageTemplate template(MessageContent content) {
        MessageTemplate.Builder template = MessageTemplate.newBuilder().setBody(content.body())
                .putAllDefaults(content.defaults());
        if (content.subject() != null) {
            template.setSubject(content.subject());
        }
        if (content.html() != null) {
            template.setHtml(content.html());
        }
        return template.build();
    }
}
