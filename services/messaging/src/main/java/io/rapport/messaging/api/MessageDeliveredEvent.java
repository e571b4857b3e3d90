package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** The provider reported the message delivered to the recipient. */
@Revision("1")
public record MessageDeliveredEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                    Instant at) {
}
