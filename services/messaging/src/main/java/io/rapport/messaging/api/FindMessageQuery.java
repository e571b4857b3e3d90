package io.rapport.messaging.api;

/** One message and its history; answered with a {@link MessageView} or null. */
public record FindMessageQuery(String messageId) {
}
