package io.rapport.messaging.api;

import java.time.Instant;

import io.rapport.platform.privacy.DataSubject;
import io.rapport.platform.privacy.PersonalData;
import org.axonframework.serialization.Revision;

/**
 * The message came back ({@code hard}: the address does not exist) or the recipient marked it as spam
 * ({@code complaint}). A hard bounce or a complaint makes the address known-bad.
 */
@Revision("1")
public record MessageBouncedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                  @PersonalData String recipient, boolean hard, boolean complaint, String reason,
                                  Instant at) implements DataSubject {

    @Override
    public String dataSubject() {
        return tenant + "/" + customerId;
    }

    /** Whether the address must not be written to again. */
    public boolean addressIsBad() {
        return hard || complaint;
    }
}
