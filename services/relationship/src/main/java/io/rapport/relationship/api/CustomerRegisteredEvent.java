package io.rapport.relationship.api;

import io.rapport.platform.privacy.DataSubject;
import org.axonframework.serialization.Revision;

/**
 * A customer became known to a workspace.
 *
 * @param implicit true when the customer was first named by an interaction rather than registered
 */
@Revision("1")
public record CustomerRegisteredEvent(String relationshipId, String tenant, String customerId,
                                      CustomerProfile profile, boolean implicit) implements DataSubject {

    @Override
    public String dataSubject() {
        return relationshipId;
    }
}
