package io.rapport.messaging.api;

import java.time.Instant;

import io.rapport.platform.privacy.DataSubject;
import io.rapport.platform.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/** An agent answered in a conversation; the reply went out as message {@code messageId}. */
@Revision("1")
public record AgentRepliedEvent(String conversationId, String tenant, String customerId, String replyId,
                                String agent, @PersonalData String text, String messageId, Instant at)
        implements DataSubject {

    @Override
    public String dataSubject() {
        return tenant + "/" + customerId;
    }
}
