package io.rapport.relationship.intelligence;

/**
 * What the purchase models need of one customer, in the time unit of the fit (weeks for CDNOW).
 *
 * @param frequency         repeat purchases: purchase days after the first one (x)
 * @param recency           time from the first purchase to the last (t_x); 0 without repeat purchases
 * @param age               time from the first purchase to the end of the observation period (T)
 * @param averageRepeatSpend mean value of the repeat purchases; 0 without any
 */
public record PurchaseSummary(int frequency, double recency, double age, double averageRepeatSpend) {

    public PurchaseSummary {
        if (frequency < 0 || recency < 0 || age < recency) {
            throw new IllegalArgumentException("need 0 <= recency <= age and frequency >= 0, got x=" + frequency
                    + ", t_x=" + recency + ", T=" + age);
        }
    }
}
