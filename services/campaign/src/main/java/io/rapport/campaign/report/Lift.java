package io.rapport.campaign.report;

import java.util.Optional;

/**
 * Relative lift of a group's conversion rate over the control group's, {@code (p / p_control) - 1}, with a 95%
 * confidence interval by the Katz log method for a ratio of two proportions: {@code ln(RR) ± 1.96 · sqrt(1/a - 1/n
 * + 1/c - 1/m)} for a of n converted in the group and c of m in the control group. Undefined (empty) while either
 * group has no conversion.
 */
public record Lift(double relative, double low, double high) {

    public static final double CONFIDENCE = 0.95;
    private static final double Z = 1.959963984540054;

    public static Optional<Lift> of(long converted, long audience, long controlConverted, long controlAudience) {
        if (converted == 0 || controlConverted == 0 || audience == 0 || controlAudience == 0) {
            return Optional.empty();
        }
        double ratio = ((double) converted / audience) / ((double) controlConverted / controlAudience);
        double se = Math.sqrt(1.0 / converted - 1.0 / audience + 1.0 / controlConverted - 1.0 / controlAudience);
        double log = Math.log(ratio);
        return Optional.of(new Lift(ratio - 1, Math.exp(log - Z * se) - 1, Math.exp(log + Z * se) - 1));
    }
}
