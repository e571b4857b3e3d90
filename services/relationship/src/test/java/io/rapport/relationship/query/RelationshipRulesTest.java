package io.rapport.relationship.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.Stage;
import org.junit.jupiter.api.Test;

class RelationshipRulesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void aCustomerWhoHasDoneNothingYetIsNew() {
        assertThat(RelationshipRules.stage(NOW, null, null, null, null, 0)).isEqualTo(Stage.NEW);
    }

    @Test
    void silenceTurnsACustomerAtRiskAfter90DaysAndLapsedAfter180() {
        assertThat(RelationshipRules.stage(NOW, daysAgo(400), daysAgo(91), null, daysAgo(91), 9)).isEqualTo(Stage.AT_RISK);
        assertThat(RelationshipRules.stage(NOW, daysAgo(400), daysAgo(181), null, daysAgo(181), 9)).isEqualTo(Stage.LAPSED);
    }

    @Test
    void aFirstInteractionWithinThirtyDaysIsNew() {
        assertThat(RelationshipRules.stage(NOW, daysAgo(29), daysAgo(1), daysAgo(1), null, 0)).isEqualTo(Stage.NEW);
    }

    @Test
    void fourOrdersWithARecentPurchaseAreLoyal() {
        assertThat(RelationshipRules.stage(NOW, daysAgo(300), daysAgo(10), null, daysAgo(10), 4)).isEqualTo(Stage.LOYAL);
        assertThat(RelationshipRules.stage(NOW, daysAgo(300), daysAgo(10), null, daysAgo(10), 3)).isEqualTo(Stage.ACTIVE);
    }

    @Test
    void aRecentResponseMakesACustomerEngaged() {
        assertThat(RelationshipRules.stage(NOW, daysAgo(300), daysAgo(5), daysAgo(5), null, 0)).isEqualTo(Stage.ENGAGED);
        assertThat(RelationshipRules.stage(NOW, daysAgo(300), daysAgo(5), daysAgo(45), null, 0)).isEqualTo(Stage.ACTIVE);
    }

    @Test
    void aLongRecordOutweighsOneLuckyReply() {
        assertThat(RelationshipRules.preferredChannel(Map.of(
                Channel.EMAIL, new long[] {100, 30},
                Channel.SMS, new long[] {1, 1}))).isEqualTo(Channel.EMAIL);
        assertThat(RelationshipRules.preferredChannel(Map.of(
                Channel.EMAIL, new long[] {100, 3},
                Channel.SMS, new long[] {20, 10}))).isEqualTo(Channel.SMS);
    }

    @Test
    void channelsNobodyCanSendOnAreNeverPreferred() {
        assertThat(RelationshipRules.preferredChannel(Map.of(Channel.STORE, new long[] {0, 50}))).isNull();
    }

    @Test
    void sentimentWithOneReadingHasNoDirection() {
        assertThat(RelationshipRules.sentimentTrend(List.of(0.4)).direction()).isEqualTo("UNKNOWN");
        assertThat(RelationshipRules.sentimentTrend(List.of(-0.5, 0.5)).direction()).isEqualTo("IMPROVING");
        assertThat(RelationshipRules.sentimentTrend(List.of(0.3, 0.32)).direction()).isEqualTo("STEADY");
        assertThat(RelationshipRules.sentimentTrend(List.of())).isNull();
    }
}
