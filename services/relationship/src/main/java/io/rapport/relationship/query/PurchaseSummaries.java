package io.rapport.relationship.query;

import java.util.List;
import java.util.Map;

import io.rapport.relationship.intelligence.PurchaseSummary;

/**
 * Turns a customer's purchase days into what the purchase models read, as of a cut-off day: same-day purchases
 * count once, time is in weeks from the first purchase, spend is the mean of the repeat days in one currency.
 */
final class PurchaseSummaries {

    private static final double DAYS_PER_WEEK = 7.0;

    private PurchaseSummaries() {
    }

    /** Null when the customer had not bought by the cut-off. */
    static PurchaseSummary summarize(List<RelationshipState.PurchaseDay> days, long cutoffDay, String currency) {
        long first = -1;
        long last = -1;
        int repeats = 0;
        int pricedRepeats = 0;
        double repeatSpend = 0;
        for (RelationshipState.PurchaseDay day : days) {
            if (day.epochDay() > cutoffDay) {
                break;
            }
            if (first < 0) {
                first = day.epochDay();
            } else {
                repeats++;
                Double value = day.value().get(currency);
                if (value != null) {
                    pricedRepeats++;
                    repeatSpend += value;
                }
            }
            last = day.epochDay();
        }
        if (first < 0) {
            return null;
        }
        return new PurchaseSummary(repeats, (last - first) / DAYS_PER_WEEK, (cutoffDay - first) / DAYS_PER_WEEK,
                pricedRepeats == 0 ? 0 : Math.max(0, repeatSpend / pricedRepeats));
    }

    /** The currency most purchase days were priced in; the models value spend in it. */
    static String mainCurrency(Map<String, Long> pricedDaysByCurrency) {
        return pricedDaysByCurrency.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
    }
}
