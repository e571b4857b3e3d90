package io.rapport.relationship.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.platform.store.AddedFieldsUpcaster;
import io.rapport.relationship.api.InteractionRecordedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** How older revisions of the relationship service's events read today. */
@Configuration
public class Upcasters {

    /** Revision 1 of {@link InteractionRecordedEvent} had no sentiment: it reads as revision 2 without one. */
    @Bean
    @Order(1)
    public AddedFieldsUpcaster interactionRecordedRevision1() {
        return new AddedFieldsUpcaster(InteractionRecordedEvent.class, "1", "2", payload -> {
            ((ObjectNode) payload.get("interaction")).putNull("sentiment");
            return payload;
        });
    }
}
