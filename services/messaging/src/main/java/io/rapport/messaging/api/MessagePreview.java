package io.rapport.messaging.api;

/**
 * A message rendered for one customer.
 *
 * @param channel PREFERRED resolved to the customer's channel
 * @param refusal why it could not be sent, or null
 */
public record MessagePreview(MessageChannel channel, String recipient, String subject, String body, String html,
                             String refusal) {
}
