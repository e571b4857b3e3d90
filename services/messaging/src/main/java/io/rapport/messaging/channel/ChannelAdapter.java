package io.rapport.messaging.channel;

import java.time.Duration;

import io.rapport.messaging.api.MessageRenderedEvent;

/** Hands a rendered message to a channel's provider and says how it went. */
public interface ChannelAdapter {

    /** Makes attempt {@code attempt} at sending; never throws for the provider's failures, it answers them. */
    Outcome send(MessageRenderedEvent message, int attempt);

    /** How an attempt went. */
    sealed interface Outcome {
    }

    /** The provider took the message, under its own id for it. */
    record Accepted(String providerMessageId) implements Outcome {
    }

    /** The provider refused the message for good (a 4xx, an unknown address): no retry helps. */
    record Rejected(String reason) implements Outcome {
    }

    /** The provider could not take it now (a 5xx, a timeout); {@code after}, when the provider said, or null. */
    record Retryable(String reason, Duration after) implements Outcome {
    }
}
