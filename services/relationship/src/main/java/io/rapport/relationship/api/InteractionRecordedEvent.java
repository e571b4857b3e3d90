package io.rapport.relationship.api;

import io.rapport.platform.privacy.DataSubject;
import org.axonframework.serialization.Revision;

/**
 * An interaction became part of a customer's relationship. Revision 2 added the interaction's sentiment
 * (an upcaster in {@code config.Upcasters} reads revision 1 with none).
 */
@Revision("2")
public record InteractionRecordedEvent(String relationshipId, String tenant, String customerId,
                                       Interaction interaction) implements DataSubject {

    @Override
    public String dataSubject() {
        return relationshipId;
    }
}
