package io.rapport.messaging.inbound;

import java.util.List;
import java.util.Map;

import io.rapport.messaging.api.ConversationView;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageIds;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.MessageStatus;
import io.rapport.messaging.api.MessageTemplate;
import io.rapport.messaging.api.RecordAgentReplyCommand;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.query.ConversationHistory;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * An agent's reply: sent to the customer as a transactional message on the conversation's channel, to the
 * address they last wrote from ("Re:" their subject for e-mail), then recorded in the conversation. The message's
 * key is derived from the reply id, so a repeated request sends nothing twice.
 */
public class AgentReplies {

    private final ConversationHistory history;
    private final CommandGateway commands;

    public AgentReplies(ConversationHistory history, CommandGateway commands) {
        this.history = history;
        this.commands = commands;
    }

    /** The message carrying the reply and where it stands. */
    public MessageStatus reply(String tenant, String conversationId, String replyId, String agent, String text) {
        ConversationView conversation = conversationId.startsWith(tenant + "/") ? history.fold(conversationId) : null;
        if (conversation == null) {
            throw RequestRejectedException.notFound("no conversation '" + conversationId + "' in this workspace");
        }
        List<ConversationView.Entry> inbound = conversation.entries().stream()
                .filter(entry -> entry.direction().equals("INBOUND")).toList();
        ConversationView.Entry last = inbound.get(inbound.size() - 1);
        String key = "reply:" + replyId;
        String subject = null;
        if (conversation.channel() == MessageChannel.EMAIL) {
            String theirs = inbound.stream().map(ConversationView.Entry::subject).filter(s -> s != null)
                    .reduce((first, second) -> second).orElse("Your message");
            subject = theirs.regionMatches(true, 0, "Re:", 0, 3) ? theirs : "Re: " + theirs;
        }
        // The agent's words go out as they are: a variable, never parsed as a template.
        MessageStatus status = commands.sendAndWait(new SendMessageCommand(MessageIds.of(tenant, key), tenant, key,
                conversation.customerId(), conversation.channel(), MessagePurpose.TRANSACTIONAL, last.from(),
                new MessageTemplate(subject == null ? null : "{{ reply_subject }}", "{{ reply_text }}", Map.of()),
                subject == null ? Map.of("reply_text", text) : Map.of("reply_text", text, "reply_subject", subject)));
        commands.sendAndWait(new RecordAgentReplyCommand(conversationId, replyId, agent, text,
                MessageIds.of(tenant, key)));
        return status;
    }
}
