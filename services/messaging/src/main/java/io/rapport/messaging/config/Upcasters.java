package io.rapport.messaging.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.platform.store.AddedFieldsUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** How older revisions of the messaging service's events read today. */
@Configuration
public class Upcasters {

    /** Revision 1 of {@link MessageRenderedEvent} had no HTML body: it reads as a plain-text message. */
    @Bean
    @Order(1)
    public AddedFieldsUpcaster messageRenderedRevision1() {
        return new AddedFieldsUpcaster(MessageRenderedEvent.class, "1", "2", payload -> {
            ((ObjectNode) payload).putNull("html");
            return payload;
        });
    }
}
