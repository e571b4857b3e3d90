package io.rapport.relationship.api;

import java.time.Instant;

/**
 * One entry of a customer's timeline.
 *
 * @param type        REGISTERED, INTERACTION, CONSENT_CHANGED or ERASED
 * @param at          when it happened: an interaction's occurredAt, a consent change's effective time, else
 *                    when it was recorded
 * @param interaction set for INTERACTION
 * @param consent     set for CONSENT_CHANGED
 */
public record TimelineEntry(String type, Instant at, Instant recordedAt, String customerId,
                            Interaction interaction, ConsentState consent) {
}
