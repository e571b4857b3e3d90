package io.rapport.messaging.channel;

import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.RecordDispatchCommand;
import jakarta.mail.MessagingException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

/**
 * Hands each rendered message to its channel and records the outcome on the message. Runs in its own tracking
 * processor, so a request is answered as soon as the message is rendered.
 */
@Component
@ProcessingGroup(Dispatcher.PROCESSING_GROUP)
public class Dispatcher {

    public static final String PROCESSING_GROUP = "message-dispatch";
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final EmailChannel email;
    private final CommandGateway commands;

    public Dispatcher(EmailChannel email, CommandGateway commands) {
        this.email = email;
        this.commands = commands;
    }

    @EventHandler
    void on(MessageRenderedEvent event) {
        if (event.channel() != MessageChannel.EMAIL) {
            commands.sendAndWait(new RecordDispatchCommand(event.messageId(), null,
                    "no adapter for channel " + event.channel() + " yet", 1));
            return;
        }
        try {
            String providerId = email.send(event.messageId(), event.recipient(), event.subject(), event.body());
            commands.sendAndWait(new RecordDispatchCommand(event.messageId(), providerId, null, 1));
        } catch (MessagingException | MailException e) {
            log.warn("E-mail {} could not be handed to the SMTP server", event.messageId(), e);
            commands.sendAndWait(new RecordDispatchCommand(event.messageId(), null,
                    "SMTP: " + e.getMessage(), 1));
        }
    }
}
