package io.rapport.relationship.api;

/**
 * How the customer's inbound messages have read lately.
 *
 * @param average   mean compound score of the latest readings (at most 20)
 * @param latest    compound score of the most recent reading
 * @param direction IMPROVING or DECLINING when the latest five readings average 0.1 above or below the five
 *                  before them, STEADY otherwise, UNKNOWN with fewer than two readings
 */
public record SentimentTrend(double average, double latest, int readings, String direction) {
}
