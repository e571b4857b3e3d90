package io.rapport.messaging.api;

import java.time.Instant;

import io.rapport.platform.privacy.DataSubject;
import io.rapport.platform.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/** A message was asked for. The recipient's address is personal data, sealed with the customer's key. */
@Revision("1")
public record MessageRequestedEvent(String messageId, String tenant, String idempotencyKey, String customerId,
                                    MessageChannel channel, MessagePurpose purpose, @PersonalData String recipient,
                                    Instant at) implements DataSubject {

    @Override
    public String dataSubject() {
        return tenant + "/" + customerId;
    }
}
