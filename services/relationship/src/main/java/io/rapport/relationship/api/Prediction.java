package io.rapport.relationship.api;

import java.time.Instant;

/**
 * What the workspace's latest purchase-model fit expects of one customer over a horizon.
 *
 * @param churnRisk  P(alive) below {@code PurchaseScoring.CHURN_RISK_BELOW} for a customer who has bought again
 *                   at least once (the model cannot tell for one-time buyers; their stage says it)
 * @param bigSpender expected value over 365 days in the workspace's top tenth at the time of the fit
 */
public record Prediction(double probabilityAlive, double expectedPurchases, double expectedAverageSpend,
                         double expectedValue, int horizonDays, boolean churnRisk, boolean bigSpender,
                         String fitId, Instant scoredAsOf) {
}
