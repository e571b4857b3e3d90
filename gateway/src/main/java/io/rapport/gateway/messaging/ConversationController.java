package io.rapport.gateway.messaging;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.messaging.v1.Conversation;
import io.rapport.proto.messaging.v1.ConversationStatus;
import io.rapport.proto.messaging.v1.GetConversationRequest;
import io.rapport.proto.messaging.v1.ListConversationsRequest;
import io.rapport.proto.messaging.v1.ListConversationsResponse;
import io.rapport.proto.messaging.v1.MessageChannel;
import io.rapport.proto.messaging.v1.ReplyToConversationRequest;
import io.rapport.proto.messaging.v1.ReplyToConversationResponse;
import io.rapport.proto.messaging.v1.UpdateConversationRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Conversations with customers: the inbox (filtered, paged), one conversation in full, agents' replies. */
@Tag(name = "Conversations",
        description = "Inbound posts and replies, threaded per customer and channel, answered by people.")
@RestController
public class ConversationController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConversationJson(String id, String customerId, String channel, String status, String assignee,
                            boolean flaggedComplaint, String suggestedReply, Instant startedAt, Instant lastMessageAt,
                            Instant firstResponseAt, Double firstResponseSeconds, int inboundCount, int replyCount,
                            double lastSentiment, List<EntryJson> messages) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryJson(String direction, String id, Instant at, String from, String subject, String text,
                     Double sentiment, Boolean complaint, String agent, String messageId) {
    }

    record ConversationPage(List<ConversationJson> items, String nextCursor) {
    }

    /** {@code replyId} makes a repeat a no-op (the Idempotency-Key header does too). */
    record Reply(String replyId, String agent, String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Replied(String messageId, String state, String reason) {
    }

    /** Either or both; {@code assignee: ""} unassigns. */
    record ConversationUpdate(String status, String assignee) {
    }

    private final MessagingClient messaging;

    public ConversationController(MessagingClient messaging) {
        this.messaging = messaging;
    }

    @Operation(operationId = "listConversations", summary = "List conversations")
    @GetMapping("/v1/conversations")
    ConversationPage list(@RequestParam(required = false) String status, @RequestParam(required = false) String channel,
              @RequestParam(required = false) Boolean flagged, @RequestParam(required = false) String assignee,
              @RequestParam(required = false) String customerId, @RequestParam(required = false) String limit,
              @RequestParam(required = false) String cursor, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListConversationsRequest.Builder grpc = ListConversationsRequest.newBuilder();
        if (status != null) {
            RequestValues.enumValue(status, "CONVERSATION_STATUS_", ConversationStatus.class, "status", errors)
                    .ifPresent(grpc::setStatus);
        }
        if (channel != null) {
            RequestValues.enumValue(channel, "MESSAGE_CHANNEL_", MessageChannel.class, "channel", errors)
                    .ifPresent(grpc::setChannel);
        }
        RequestValues.page(limit, cursor, 200, errors, grpc::setPageSize, grpc::setPageToken);
        if (Boolean.TRUE.equals(flagged)) {
            grpc.setFlaggedComplaint(true);
        }
        if (assignee != null) {
            grpc.setAssignee(assignee);
        }
        if (customerId != null) {
            grpc.setCustomerId(customerId);
        }
        InvalidRequestException.throwIfAny(errors);
        ListConversationsResponse page = messaging.forWorkspace(Workspace.of(request)).listConversations(grpc.build());
        return new ConversationPage(page.getConversationsList().stream().map(ConversationController::json).toList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    @Operation(operationId = "getConversation", summary = "Get a conversation with its messages")
    @GetMapping("/v1/conversations/{id}")
    ConversationJson get(@PathVariable String id, HttpServletRequest request) {
        return json(messaging.forWorkspace(Workspace.of(request))
                .getConversation(GetConversationRequest.newBuilder().setConversationId(id).build()).getConversation());
    }

    @Operation(operationId = "replyToConversation", summary = "Reply to a conversation")
    @RestDoc(status = "202")
    @PostMapping("/v1/conversations/{id}/replies")
    ResponseEntity<Replied> reply(@PathVariable String id, @RequestBody Reply body,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  HttpServletRequest request) {
        if (body.text() == null || body.text().isBlank()) {
            throw new InvalidRequestException(List.of("text: required, the reply as the customer will read it"));
        }
        String replyId = body.replyId() != null ? body.replyId()
                : idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        ReplyToConversationRequest.Builder grpc = ReplyToConversationRequest.newBuilder().setConversationId(id)
                .setReplyId(replyId).setText(body.text());
        if (body.agent() != null) {
            grpc.setAgent(body.agent());
        }
        ReplyToConversationResponse sent = messaging.forWorkspace(Workspace.of(request)).replyToConversation(grpc.build());
        return ResponseEntity.accepted().location(URI.create("/v1/messages/" + sent.getMessageId()))
                .body(new Replied(sent.getMessageId(), sent.getState(), sent.getReason().isEmpty() ? null : sent.getReason()));
    }

    @Operation(operationId = "updateConversation", summary = "Change a conversation's status or assignee")
    @PatchMapping("/v1/conversations/{id}")
    ConversationJson update(@PathVariable String id, @RequestBody ConversationUpdate body, HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        UpdateConversationRequest.Builder grpc = UpdateConversationRequest.newBuilder().setConversationId(id);
        if (body.status() != null) {
            RequestValues.enumValue(body.status(), "CONVERSATION_STATUS_", ConversationStatus.class, "status", errors)
                    .ifPresent(grpc::setStatus);
        }
        if (body.assignee() != null) {
            grpc.setAssignee(body.assignee());
        }
        if (body.status() == null && body.assignee() == null) {
            errors.add("status or assignee: at least one is required");
        }
        InvalidRequestException.throwIfAny(errors);
        return json(messaging.forWorkspace(Workspace.of(request)).updateConversation(grpc.build()).getConversation());
    }

    private static ConversationJson json(Conversation c) {
        return new ConversationJson(c.getConversationId(), c.getCustomerId(),
                c.getChannel().name().substring("MESSAGE_CHANNEL_".length()),
                c.getStatus().name().substring("CONVERSATION_STATUS_".length()),
                c.getAssignee().isEmpty() ? null : c.getAssignee(), c.getFlaggedComplaint(),
                c.getSuggestedReply().isEmpty() ? null : c.getSuggestedReply(),
                RequestValues.instant(c.getStartTime()), RequestValues.instant(c.getLastMessageTime()),
                c.hasFirstResponseTime() ? RequestValues.instant(c.getFirstResponseTime()) : null,
                c.hasFirstResponseTime() ? c.getFirstResponseSeconds() : null, c.getInboundCount(), c.getReplyCount(),
                c.getLastSentiment(),
                c.getEntriesCount() == 0 ? null : c.getEntriesList().stream().map(e -> new EntryJson(e.getDirection(),
                        e.getId(), RequestValues.instant(e.getTime()), blankToNull(e.getFrom()),
                        blankToNull(e.getSubject()), e.getText(), e.getDirection().equals("INBOUND") ? e.getSentiment() : null,
                        e.getDirection().equals("INBOUND") ? e.getComplaint() : null, blankToNull(e.getAgent()),
                        blankToNull(e.getMessageId()))).toList());
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
