package io.rapport.gateway.messaging;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.messaging.v1.GetMessageRequest;
import io.rapport.proto.messaging.v1.Message;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.MessagePurpose;
import io.rapport.proto.messaging.v1.MessageTemplate;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import io.rapport.proto.messaging.v1.SendMessageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Transactional and one-off messages: send one (idempotently), follow what became of it. */
@Tag(name = "Messages", description = "Personal messages on any channel, with consent, caps and quiet hours respected.")
@RestController
public class MessageController {

    /**
     * {@code POST /v1/messages}: {@code idempotencyKey} makes a repeat a no-op answering with the first outcome;
     * {@code to} may be left out to use the customer's address, {@code channel} may be PREFERRED.
     */
    record SendMessage(String idempotencyKey, String customerId, String channel, String purpose, String to,
                       Template template, Map<String, String> variables) {
    }

    /**
     * Liquid: {@code "Hi {{ first_name }}"}; {@code html} an optional HTML body for e-mail; {@code defaults} for
     * variables a request may leave out.
     */
    record Template(String subject, String body, String html, Map<String, String> defaults) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Sent(String id, String state, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageJson(String id, String customerId, String channel, String purpose, String state, String reason,
                       List<StepJson> history) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepJson(String state, Instant at, String detail) {
    }

    private final MessagingClient messaging;

    public MessageController(MessagingClient messaging) {
        this.messaging = messaging;
    }

    @Operation(operationId = "sendMessage", summary = "Send a message")
    @RestDoc(status = "202")
    @PostMapping("/v1/messages")
    ResponseEntity<Sent> send(@RequestBody SendMessage body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        SendMessageRequest.Builder grpc = SendMessageRequest.newBuilder();
        required(body.idempotencyKey(), "idempotencyKey", errors, grpc::setIdempotencyKey);
        required(body.customerId(), "customerId", errors, grpc::setCustomerId);
        if (body.to() != null && !body.to().isBlank()) {
            grpc.setRecipient(body.to());
        }
        RequestValues.enumValue(body.channel(), "MESSAGE_CHANNEL_", MessageChannel.class, "channel", errors)
                .ifPresent(grpc::setChannel);
        RequestValues.enumValue(body.purpose(), "MESSAGE_PURPOSE_", MessagePurpose.class, "purpose", errors)
                .ifPresent(grpc::setPurpose);
        if (body.template() == null || body.template().body() == null || body.template().body().isBlank()) {
            errors.add("template.body: required, a Liquid template such as \"Hi {{ first_name }}\"");
        } else {
            MessageTemplate.Builder template = MessageTemplate.newBuilder().setBody(body.template().body());
            if (body.template().subject() != null) {
                template.setSubject(body.template().subject());
            }
            if (body.template().html() != null) {
                template.setHtml(body.template().html());
            }
            if (body.template().defaults() != null) {
                template.putAllDefaults(body.template().defaults());
            }
            grpc.setTemplate(template);
        }
        if (body.variables() != null) {
            grpc.putAllVariables(body.variables());
        }
        InvalidRequestException.throwIfAny(errors);
        SendMessageResponse sent = messaging.forWorkspace(Workspace.of(request)).sendMessage(grpc.build());
        return ResponseEntity.accepted().location(URI.create("/v1/messages/" + sent.getMessageId()))
                .body(new Sent(sent.getMessageId(), sent.getState(), sent.getReason().isEmpty() ? null : sent.getReason()));
    }

    @Operation(operationId = "getMessage", summary = "Get a message and what happened to it")
    @GetMapping("/v1/messages/{id}")
    MessageJson get(@PathVariable String id, HttpServletRequest request) {
        Message message = messaging.forWorkspace(Workspace.of(request))
                .getMessage(GetMessageRequest.newBuilder().setMessageId(id).build()).getMessage();
        return new MessageJson(message.getMessageId(), message.getCustomerId(),
                message.getChannel().name().substring("MESSAGE_CHANNEL_".length()),
                message.getPurpose().name().substring("MESSAGE_PURPOSE_".length()), message.getState(),
                message.getReason().isEmpty() ? null : message.getReason(),
                message.getHistoryList().stream().map(step -> new StepJson(step.getState(), RequestValues.instant(step.getTime()),
                        step.getDetail().isEmpty() ? null : step.getDetail())).toList());
    }

    private static void required(String value, String field, List<String> errors,
                                 java.util.function.Consumer<String> setter) {
        if (value == null || value.isBlank()) {
            errors.add(field + ": required");
        } else {
            setter.accept(value);
        }
    }

}
