package io.rapport.relationship.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The relationship with one customer, as replaying their events says it is.
 *
 * @param version            how many of the customer's events it reflects
 * @param spend              purchases less returns, per currency
 * @param recentInteractions the latest by {@code occurredAt}, newest first
 */
public record RelationshipView(String tenant, String customerId, CustomerProfile profile, Instant registeredAt,
                               long version, long interactionCount, Map<Channel, Long> countsByChannel,
                               Map<InteractionKind, Long> countsByKind, Instant firstInteractionAt,
                               Instant lastInteractionAt, long orderCount, Map<String, BigDecimal> spend,
                               List<Interaction> recentInteractions) {
}
