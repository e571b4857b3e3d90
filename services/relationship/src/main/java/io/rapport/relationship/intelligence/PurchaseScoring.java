package io.rapport.relationship.intelligence;

/**
 * Scores one customer with fitted models: the numbers behind a view's prediction and its flags.
 */
public record PurchaseScoring(BgNbdModel frequency, GammaGammaModel spend) {

    /** Below this probability of still being a customer, a repeat buyer is flagged as a churn risk. */
    public static final double CHURN_RISK_BELOW = 0.5;
    /** Big spenders: expected value over this many days in the workspace's top tenth. */
    public static final int BIG_SPENDER_HORIZON_DAYS = 365;
    public static final double BIG_SPENDER_QUANTILE = 0.9;

    public record Score(double probabilityAlive, double expectedPurchases, double expectedAverageSpend,
                        double expectedValue, boolean churnRisk) {
    }

    public Score score(PurchaseSummary customer, double horizonWeeks) {
        double alive = frequency.probabilityAlive(customer);
        double purchases = frequency.expectedPurchases(customer, horizonWeeks);
        double averageSpend = spend.expectedAverageSpend(customer);
        return new Score(alive, purchases, averageSpend, purchases * averageSpend,
                customer.frequency() > 0 && alive < CHURN_RISK_BELOW);
    }
}
