package io.rapport.relationship.api;

import java.time.Instant;

import io.rapport.platform.privacy.DataSubject;
import org.axonframework.serialization.Revision;

/** A customer's consent for a channel and purpose was granted or withdrawn, effective {@code at}. */
@Revision("1")
public record ConsentChangedEvent(String relationshipId, String tenant, String customerId, Channel channel,
                                  String purpose, boolean granted, String source, Instant at) implements DataSubject {

    @Override
    public String dataSubject() {
        return relationshipId;
    }
}
