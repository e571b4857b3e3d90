package io.rapport.messaging.api;

import java.util.List;

/** Conversations without their messages; {@code next} is null on the last page. */
public record ConversationPage(List<ConversationView> conversations, String next) {
}
