package io.rapport.messaging.api;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** The recipient opened the message, clicked {@code url} in it, or unsubscribed through it. */
@Revision("1")
public record MessageEngagedEvent(String messageId, String tenant, String customerId, MessageChannel channel,
                                  String kind, String url, Instant at) {
}
