package io.rapport.relationship.api;

import java.time.Instant;
import java.util.List;

/**
 * One fit of the workspace's purchase models over every customer who had bought by {@code asOf}: BG/NBD
 * (r, alpha, a, b) for how often customers buy and whether they are still customers, Gamma-Gamma (p, q, gamma)
 * for how much they spend per purchase. Time is in weeks, money in {@code currency}.
 *
 * @param asOf                     the data cut-off: purchases on asOf's (UTC) day and before
 * @param logLikelihood            of the BG/NBD fit
 * @param spendLogLikelihood       of the Gamma-Gamma fit
 * @param customers                customers with a purchase by asOf
 * @param bigSpenderThreshold      expected value over 365 days that puts a customer in the top tenth
 * @param hourPattern              the share of the workspace's responses at each local hour of day
 */
public record PurchaseModelFit(String id, String tenant, Instant asOf, Instant fittedAt, double r, double alpha,
                               double a, double b, double logLikelihood, double p, double q, double gamma,
                               double spendLogLikelihood, int customers, String currency,
                               double bigSpenderThreshold, List<Double> hourPattern) {
}
