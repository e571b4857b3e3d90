package io.rapport.relationship.intelligence;

import java.util.List;

import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way": while alive, a
 * customer buys as a Poisson process with a gamma(r, alpha) rate across customers; after each purchase they drop
 * out with a beta(a, b) probability.
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    /** The model that maximises the likelihood of these customers' purchases. */
    public static Fit<BgNbdModel> fit(List<PurchaseSummary> customers) {
        return MaximumLikelihood.fit(new double[] {1, 1, 1, 1},
                p -> new BgNbdModel(p[0], p[1], p[2], p[3]),
                model -> customers.stream().mapToDouble(model::logLikelihood).sum());
    }

    /** ln L(r, alpha, a, b | x, t_x, T), equation (6) of the paper, summed in log space. */
    public double logLikelihood(PurchaseSummary customer) {
        int x = customer.frequency();
        double a1 = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        double a2 = Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
        double a3 = -(r + x) * Math.log(alpha + customer.age());
        if (x == 0) {
            return a1 + a2 + a3;
        }
        double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + customer.recency());
        double max = Math.max(a3, a4);
        return a1 + a2 + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
    }

    /** P(still alive | x, t_x, T). */
    public double probabilityAlive(PurchaseSummary customer) {
        int x = customer.frequency();
        if (x == 0) {
            return 1;
        }
        return 1 / (1 + a / (b + x - 1)
                * Math.pow((alpha + customer.age()) / (alpha + customer.recency()), r + x));
    }

    /** E[Y(t) | x, t_x, T]: expected purchases in the next {@code horizon}, equation (10) of the paper. */
    public double expectedPurchases(PurchaseSummary customer, double horizon) {
        int x = customer.frequency();
        double age = customer.age();
        double z = horizon / (alpha + age + horizon);
        double numerator = (a + b + x - 1) / (a - 1)
                * (1 - Math.pow((alpha + age) / (alpha + age + horizon), r + x)
                * hypergeometric2F1(r + x, b + x, a + b + x - 1, z));
        double denominator = 1 + (x > 0
                ? a / (b + x - 1) * Math.pow((alpha + age) / (alpha + customer.recency()), r + x) : 0);
        return numerator / denominator;
    }

    /** Gauss's hypergeometric series, for 0 <= z < 1. */
    static double hypergeometric2F1(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        for (int j = 0; j < 10_000; j++) {
            term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z;
            sum += term;
            if (Math.abs(term) < 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
