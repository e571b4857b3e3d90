package io.rapport.relationship.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The relationship with one customer, as replaying their events says it is, read at {@code asOf}.
 *
 * @param version            how many of the customer's events it reflects
 * @param lastPurchaseAt     when the latest purchase happened; null before the first
 * @param spend              purchases less returns, per currency
 * @param averageOrderValue  purchases (before returns) divided by their number, per currency
 * @param stage              at {@code asOf}; see {@link Stage} for the rules
 * @param sentiment          null until the customer has written something
 * @param preferredChannel   the sendable channel with the best smoothed response rate; null without any history
 * @param bestSendHour       hour of day (0–23) in {@code timeZone} the customer most responds at, smoothed toward
 *                           the workspace's pattern; null without any activity in the workspace
 * @param interests          the customer's top tags, weighted by what they did with them
 * @param recentInteractions the latest by {@code occurredAt}, newest first
 * @param prediction         from the workspace's latest purchase-model fit; null before the first fit
 * @param erased             the customer was forgotten: personal data is gone, counts and spend remain
 * @param identifiers        what the customer is recognized by (those of merged customers included)
 * @param mergedInto         the customer this one was merged into; null unless merged away
 * @param mergedCustomers    customers merged into this one: their histories are part of this view
 */
public record RelationshipView(String tenant, String customerId, CustomerProfile profile, Instant registeredAt,
                               long version, long interactionCount, Map<Channel, Long> countsByChannel,
                               Map<InteractionKind, Long> countsByKind, Instant firstInteractionAt,
                               Instant lastInteractionAt, Instant lastActivityAt, Instant lastPurchaseAt,
                               long orderCount,
                               Map<String, BigDecimal> spend, Map<String, BigDecimal> averageOrderValue,
                               List<ConsentState> consents, Stage stage, SentimentTrend sentiment,
                               Channel preferredChannel, Integer bestSendHour, String timeZone,
                               List<String> interests, List<Interaction> recentInteractions,
                               Prediction prediction, Instant asOf, boolean erased,
                               List<Identifier> identifiers, String mergedInto, List<String> mergedCustomers) {

    public RelationshipView withPrediction(Prediction prediction) {
        return new RelationshipView(tenant, customerId, profile, registeredAt, version, interactionCount,
                countsByChannel, countsByKind, firstInteractionAt, lastInteractionAt, lastActivityAt, lastPurchaseAt,
                orderCount, spend,
                averageOrderValue, consents, stage, sentiment, preferredChannel, bestSendHour, timeZone, interests,
                recentInteractions, prediction, asOf, erased, identifiers, mergedInto, mergedCustomers);
    }
}
