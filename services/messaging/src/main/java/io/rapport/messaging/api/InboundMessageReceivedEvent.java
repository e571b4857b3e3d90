package io.rapport.messaging.api;

import java.time.Instant;

import io.rapport.platform.privacy.DataSubject;
import io.rapport.platform.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * A customer's message in a conversation, with its tone; a complaint carries a suggested apology. The address,
 * subject, text and suggestion are personal data, sealed with the customer's key.
 */
@Revision("1")
public record InboundMessageReceivedEvent(String conversationId, String tenant, String customerId,
                                          MessageChannel channel, String inboundId, @PersonalData String from,
                                          @PersonalData String subject, @PersonalData String text, double sentiment,
                                          boolean complaint, @PersonalData String suggestedReply,
                                          String repliedMessageId, String threadId, Instant at) implements DataSubject {

    @Override
    public String dataSubject() {
        return tenant + "/" + customerId;
    }
}
