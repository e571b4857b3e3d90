package io.rapport.relationship.api;

import io.rapport.platform.privacy.DataSubject;
import org.axonframework.serialization.Revision;

/** The customer can be recognized by an identifier from now on (its value is sealed personal data). */
@Revision("1")
public record IdentifierLinkedEvent(String relationshipId, String tenant, String customerId, Identifier identifier)
        implements DataSubject {

    @Override
    public String dataSubject() {
        return relationshipId;
    }
}
