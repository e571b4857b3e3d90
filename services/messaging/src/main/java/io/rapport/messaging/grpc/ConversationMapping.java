package io.rapport.messaging.grpc;

import io.rapport.messaging.api.ConversationStatus;
import io.rapport.messaging.api.ConversationView;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.proto.messaging.v1.Conversation;
import io.rapport.proto.messaging.v1.MessageChannel;

/** Conversations as the gRPC contract shows them: ids without the workspace prefix. */
final class ConversationMapping {

    private ConversationMapping() {
    }

    static String internalId(String tenant, String conversationId) {
        return tenant + "/" + conversationId;
    }

    static Conversation conversation(ConversationView view) {
        Conversation.Builder built = Conversation.newBuilder()
                .setConversationId(external(view.conversationId()))
                .setCustomerId(view.customerId())
                .setChannel(channel(view.channel()))
                .setStatus(status(view.status()))
                .setFlaggedComplaint(view.flaggedComplaint())
                .setStartTime(ProtoTime.timestamp(view.startedAt()))
                .setLastMessageTime(ProtoTime.timestamp(view.lastMessageAt()))
                .setInboundCount(view.inboundCount())
                .setReplyCount(view.replyCount())
                .setLastSentiment(view.lastSentiment());
        if (view.assignee() != null) {
            built.setAssignee(view.assignee());
        }
        if (view.suggestedReply() != null) {
            built.setSuggestedReply(view.suggestedReply());
        }
        if (view.firstResponseAt() != null) {
            built.setFirstResponseTime(ProtoTime.timestamp(view.firstResponseAt()))
                    .setFirstResponseSeconds(view.firstResponseSeconds());
        }
        for (ConversationView.Entry entry : view.entries()) {
            Conversation.Entry.Builder e = Conversation.Entry.newBuilder().setDirection(entry.direction())
                    .setId(entry.id()).setTime(ProtoTime.timestamp(entry.at())).setSentiment(entry.sentiment())
                    .setComplaint(entry.complaint());
            if (entry.from() != null) {
                e.setFrom(entry.from());
            }
            if (entry.subject() != null) {
                e.setSubject(entry.subject());
            }
            if (entry.text() != null) {
                e.setText(entry.text());
            }
            if (entry.agent() != null) {
                e.setAgent(entry.agent());
            }
            if (entry.messageId() != null) {
                e.setMessageId(external(entry.messageId()));
            }
            built.addEntries(e);
        }
        return built.build();
    }

    static MessageChannel channel(io.rapport.messaging.api.MessageChannel channel) {
        return MessageChannel.valueOf("MESSAGE_CHANNEL_" + channel.name());
    }

    static io.rapport.proto.messaging.v1.ConversationStatus status(ConversationStatus status) {
        return io.rapport.proto.messaging.v1.ConversationStatus.valueOf("CONVERSATION_STATUS_" + status.name());
    }

    static ConversationStatus status(io.rapport.proto.messaging.v1.ConversationStatus status) {
        return switch (status) {
            case CONVERSATION_STATUS_OPEN -> ConversationStatus.OPEN;
            case CONVERSATION_STATUS_PENDING -> ConversationStatus.PENDING;
            case CONVERSATION_STATUS_CLOSED -> ConversationStatus.CLOSED;
            default -> null;
        };
    }

    private static String external(String id) {
        return id.substring(id.indexOf('/') + 1);
    }
}
