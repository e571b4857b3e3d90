package io.rapport.relationship.intelligence;

import java.util.List;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"): a customer's purchase values are
 * gamma(p, nu) with nu gamma(q, gamma) across customers, independent of how often they buy.
 */
public record GammaGammaModel(double p, double q, double gamma) {

    /** Fitted on the customers with at least one repeat purchase. */
    public static Fit<GammaGammaModel> fit(List<PurchaseSummary> customers) {
        List<PurchaseSummary> repeaters = customers.stream()
                .filter(c -> c.frequency() > 0 && c.averageRepeatSpend() > 0).toList();
        return MaximumLikelihood.fit(new double[] {1, 1, 1},
                v -> new GammaGammaModel(v[0], v[1], v[2]),
                model -> repeaters.stream().mapToDouble(model::logLikelihood).sum());
    }

    /** ln L(p, q, gamma | x, mean spend m) of the mean of x purchase values. */
    public double logLikelihood(PurchaseSummary customer) {
        int x = customer.frequency();
        double m = customer.averageRepeatSpend();
        return Gamma.logGamma(p * x + q) - Gamma.logGamma(p * x) - Gamma.logGamma(q) + q * Math.log(gamma)
                + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(x * m + gamma);
    }

    /** E[M | x, m]: the customer's expected spend per purchase, shrunk toward the population mean. */
    public double expectedAverageSpend(PurchaseSummary customer) {
        int x = customer.frequency();
        double populationMean = p * gamma / (q - 1);
        double weight = (q - 1) / (p * x + q - 1);
        return weight * populationMean + (1 - weight) * customer.averageRepeatSpend();
    }
}
