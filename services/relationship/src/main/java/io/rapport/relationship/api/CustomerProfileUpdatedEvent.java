package io.rapport.relationship.api;

import io.rapport.platform.privacy.DataSubject;
import org.axonframework.serialization.Revision;

/**
 * Part of a customer's profile changed: each non-null field of {@code changes} replaces the one held, each of its
 * attributes is set; what it leaves out stays.
 */
@Revision("1")
public record CustomerProfileUpdatedEvent(String relationshipId, String tenant, String customerId,
                                          CustomerProfile changes) implements DataSubject {

    @Override
    public String dataSubject() {
        return relationshipId;
    }
}
