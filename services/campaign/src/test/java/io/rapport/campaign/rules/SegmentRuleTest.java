package io.rapport.campaign.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SegmentRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static Map<String, Object> customer(Object... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return values;
    }

    private static final Map<String, Object> LOYAL_AT_RISK = customer("churn_risk", 0.82, "stage", "loyal",
            "last_purchase_at", NOW.minus(Duration.ofDays(30)), "consent.email", true, "interests", List.of("Shoes"),
            "spend.EUR", 420.0, "sentiment", -0.4, "attribute.tier", "gold");

    @Test
    void theIssuesExampleSelectsLoyalCustomersAtRiskWhoBoughtLatelyAndMayBeEmailed() {
        SegmentRule rule = SegmentRule.parse("churn_risk >= 0.7 and stage = \"loyal\" and last_purchase_at > now() - 90d"
                + " and consent.email");

        assertThat(rule.matches(LOYAL_AT_RISK, NOW)).isTrue();
        assertThat(rule.matches(LOYAL_AT_RISK, NOW.plus(Duration.ofDays(61)))).as("90 days after the purchase").isFalse();
        Map<String, Object> noConsent = new HashMap<>(LOYAL_AT_RISK);
        noConsent.put("consent.email", false);
        assertThat(rule.matches(noConsent, NOW)).isFalse();
        assertThat(rule.attributes()).containsExactlyInAnyOrder("churn_risk", "stage", "last_purchase_at",
                "consent.email");
    }

    @Test
    void orNotParenthesesInListsContainsAndNegativeNumbersCombine() {
        assertThat(SegmentRule.parse("(stage in [\"new\", \"lapsed\"] or spend.EUR > 400) and not big_spender")
                .matches(LOYAL_AT_RISK, NOW)).isTrue();
        assertThat(SegmentRule.parse("interests contains \"shoes\" and sentiment < -0.25").matches(LOYAL_AT_RISK, NOW))
                .isTrue();
        assertThat(SegmentRule.parse("attribute.tier = \"GOLD\"").matches(LOYAL_AT_RISK, NOW))
                .as("strings compare without case").isTrue();
        assertThat(SegmentRule.parse("registered_at >= \"2026-01-01\"").matches(
                customer("registered_at", Instant.parse("2026-03-01T00:00:00Z")), NOW)).isTrue();
    }

    @Test
    void aRuleComparingWithNowSaysItReadsTheClock() {
        assertThat(SegmentRule.parse("last_purchase_at > now() - 90d").readsTheClock()).isTrue();
        assertThat(SegmentRule.parse("registered_at > \"2026-01-01\" and stage = \"new\"").readsTheClock()).isFalse();
        SegmentRule recent = SegmentRule.parse("registered_at > now() - 30s");
        assertThat(recent.matches(customer("registered_at", NOW.minusSeconds(20)), NOW)).isTrue();
        assertThat(recent.matches(customer("registered_at", NOW.minusSeconds(40)), NOW)).isFalse();
    }

    @Test
    void aMissingValueMatchesNoComparisonSoItMatchesTheirNegation() {
        Map<String, Object> noFitYet = customer("stage", "new");
        assertThat(SegmentRule.parse("churn_risk >= 0.7").matches(noFitYet, NOW)).isFalse();
        assertThat(SegmentRule.parse("churn_risk < 0.7").matches(noFitYet, NOW)).isFalse();
        assertThat(SegmentRule.parse("not churn_risk >= 0.7").matches(noFitYet, NOW)).isTrue();
    }

    @Test
    void andBindsTighterThanOr() {
        SegmentRule rule = SegmentRule.parse("stage = \"new\" or stage = \"loyal\" and churn_risk > 0.9");
        assertThat(rule.matches(customer("stage", "new"), NOW)).isTrue();
        assertThat(rule.matches(customer("stage", "loyal", "churn_risk", 0.5), NOW)).isFalse();
    }

    @Test
    void invalidRulesSayWhereAndWhy() {
        assertProblem("churn_risk >= \"high\"", 15, "churn_risk is a number, compared with a string");
        assertProblem("churn_rsk >= 0.7", 1, "no attribute 'churn_rsk'");
        assertProblem("churn_risk >= 0.7 and", 22, "expected an attribute");
        assertProblem("stage = \"loyal\" stage", 17, "expected 'and', 'or' or the end");
        assertProblem("stage > \"loyal\"", 7, "only = and != compare it");
        assertProblem("last_purchase_at > 90d", 20, "is a duration");
        assertProblem("last_purchase_at > now() - 90", 28, "expected a duration such as 90d");
        assertProblem("last_purchase_at > \"yesterday\"", 20, "is not a date");
        assertProblem("(stage = \"new\"", 15, "expected ')'");
        assertProblem("stage = \"new", 9, "not closed");
        assertProblem("churn_risk", 11, "churn_risk is a number: compare it");
        assertProblem("stage contains \"x\"", 7, "'contains' needs a list attribute");
        assertProblem("consent.fax", 1, "no attribute 'consent.fax'");
        assertProblem("  ", 1, "empty");
        assertProblem("churn_risk >= 0.7 & stage = \"new\"", 19, "unexpected '&'");
    }

    private static void assertProblem(String rule, int position, String cause) {
        assertThatThrownBy(() -> SegmentRule.parse(rule)).isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
            assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
            assertThat(e.getMessage()).contains(cause);
        });
    }
}
