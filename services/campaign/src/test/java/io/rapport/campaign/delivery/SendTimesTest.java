package io.rapport.campaign.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.Relationship;
import org.junit.jupiter.api.Test;

class SendTimesTest {

    private static final Relationship BERLIN_AT_NINE = Relationship.newBuilder().setCustomerId("ada")
            .setTimeZone("Europe/Berlin").setBestSendHour(9).build();

    @Test
    void theBestHourIsReadInThePersonsZone() {
        // 09:00 in Berlin in winter is 08:00 UTC.
        Instant start = Instant.parse("2026-11-23T00:00:00Z");
        assertThat(SendTimes.bestHourWithin(BERLIN_AT_NINE, start, start.plus(Duration.ofDays(1))))
                .isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    }

    @Test
    void aWindowOpeningDuringTheBestHourSendsAtItsStart() {
        Instant start = Instant.parse("2026-11-23T08:30:00Z");
        assertThat(SendTimes.bestHourWithin(BERLIN_AT_NINE, start, start.plus(Duration.ofHours(3))))
                .isEqualTo(start);
    }

    @Test
    void theNextDaysHourWhenTodaysHasPassed() {
        Instant start = Instant.parse("2026-11-23T12:00:00Z");
        assertThat(SendTimes.bestHourWithin(BERLIN_AT_NINE, start, start.plus(Duration.ofDays(1))))
                .isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void withoutABestHourOrWhenTheWindowHoldsNoneItIsTheWindowsStart() {
        Instant start = Instant.parse("2026-11-23T12:00:00Z");
        assertThat(SendTimes.bestHourWithin(Relationship.newBuilder().setCustomerId("bo").build(), start,
                start.plus(Duration.ofDays(1)))).isEqualTo(start);
        assertThat(SendTimes.bestHourWithin(BERLIN_AT_NINE, start, start.plus(Duration.ofHours(4)))).isEqualTo(start);
    }

    @Test
    void waitingForTheBestHourGoesOnAtOnceDuringIt() {
        assertThat(SendTimes.nextBestHour(BERLIN_AT_NINE, Instant.parse("2026-11-23T08:10:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T08:10:00Z"));
        assertThat(SendTimes.nextBestHour(BERLIN_AT_NINE, Instant.parse("2026-11-23T09:10:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void thePreferredChannelIsUsedWhenThereIsATemplateForIt() {
        Relationship sms = Relationship.newBuilder().setPreferredChannel(Channel.CHANNEL_SMS).build();
        assertThat(ChannelChoice.of("PREFERRED", Set.of("email", "sms"), sms)).isEqualTo("SMS");
        assertThat(ChannelChoice.of("PREFERRED", Set.of("email"), sms)).isEqualTo("EMAIL");
        assertThat(ChannelChoice.of("PREFERRED", Set.of("push", "sms"), Relationship.getDefaultInstance()))
                .isEqualTo("SMS");
        assertThat(ChannelChoice.of("EMAIL", Set.of("email", "sms"), sms)).isEqualTo("EMAIL");
    }

    @Test
    void sendKeysAreDeterministicAndFitMessaging() {
        assertThat(SendKeys.campaign("spring", "ada")).isEqualTo("campaign:spring:send:ada");
        assertThat(SendKeys.journey("win-back", 2, "hello", "ada")).isEqualTo("journey:win-back:2:hello:ada");
        String longId = "c".repeat(128);
        String key = SendKeys.campaign("spring", longId);
        assertThat(key).hasSize(128).matches("[A-Za-z0-9._:@+-]+").isEqualTo(SendKeys.campaign("spring", longId))
                .isNotEqualTo(SendKeys.campaign("spring", "d" + longId.substring(1)));
    }
}
