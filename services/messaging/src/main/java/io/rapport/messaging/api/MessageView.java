package io.rapport.messaging.api;

import java.time.Instant;
import java.util.List;

/** A message as its events tell it: its current state and each step, oldest first. */
public record MessageView(String messageId, String idempotencyKey, String customerId, MessageChannel channel,
                          MessagePurpose purpose, String state, String reason, List<Step> history) {

    public record Step(String state, Instant at, String detail) {
    }
}
