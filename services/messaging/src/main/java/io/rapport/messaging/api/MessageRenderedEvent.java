package io.rapport.messaging.api;

import java.time.Instant;

import io.rapport.platform.privacy.DataSubject;
import io.rapport.platform.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * The message as the customer will read it (sealed personal data), waiting for its channel. Revision 2 added
 * {@code html} (null for plain text).
 */
@Revision("2")
public record MessageRenderedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                   @PersonalData String recipient, @PersonalData String subject,
                                   @PersonalData String body, @PersonalData String html,
                                   Instant at) implements DataSubject {

    @Override
    public String dataSubject() {
        return tenant + "/" + customerId;
    }
}
