package io.rapport.campaign.report;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;

/** Counts of one group's outcomes (a variant, the control group, a journey step). */
public final class GroupCounts {

    final String group;
    long audience;
    long pending;
    long sent;
    long delivered;
    long opened;
    long clicked;
    long replied;
    long bounced;
    long failed;
    long converted;
    final Map<String, Long> suppressed = new TreeMap<>();
    final Map<String, BigDecimal> revenue = new TreeMap<>();

    GroupCounts(String group) {
        this.group = group;
    }

    void add(Document outcome) {
        audience++;
        switch (outcome.getString("state")) {
            case Outcomes.PENDING -> pending++;
            case Outcomes.SENT -> sent++;
            case Outcomes.SUPPRESSED -> suppressed.merge(String.valueOf(outcome.getString("reason")), 1L, Long::sum);
            case Outcomes.FAILED -> failed++;
            default -> { }
        }
        delivered += flag(outcome, "delivered");
        opened += flag(outcome, "opened");
        clicked += flag(outcome, "clicked");
        replied += flag(outcome, "replied");
        bounced += flag(outcome, "bounced");
        converted += flag(outcome, "converted");
        Document money = outcome.get("revenue", Document.class);
        if (money != null) {
            money.forEach((currency, amount) -> revenue.merge(currency, new BigDecimal((String) amount),
                    BigDecimal::add));
        }
    }

    private static int flag(Document outcome, String name) {
        return Boolean.TRUE.equals(outcome.getBoolean(name)) ? 1 : 0;
    }

    public double conversionRate() {
        return audience == 0 ? 0 : (double) converted / audience;
    }
}
