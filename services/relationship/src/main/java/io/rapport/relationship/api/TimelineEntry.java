package io.rapport.relationship.api;

import java.time.Instant;

/**
 * One entry of a customer's timeline.
 *
 * @param type        REGISTERED, INTERACTION, CONSENT_CHANGED, ERASED, MERGED or UNMERGED
 * @param customerId  whose history the entry comes from: a merged customer's, on a survivor's timeline
 * @param at          when it happened: an interaction's occurredAt, a consent change's effective time, else
 *                    when it was recorded
 * @param interaction set for INTERACTION
 * @param consent     set for CONSENT_CHANGED
 * @param otherCustomerId for MERGED and UNMERGED: the other customer of the merge
 */
public record TimelineEntry(String type, Instant at, Instant recordedAt, String customerId,
                            Interaction interaction, ConsentState consent, String otherCustomerId) {
}
