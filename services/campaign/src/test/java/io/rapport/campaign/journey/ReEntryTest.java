package io.rapport.campaign.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.rapport.campaign.api.JourneyDefinition;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ReEntryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static Document enrolled(boolean active, Duration ago) {
        return new Document("runs", 1).append("active", active).append("lastEnteredAt", Date.from(NOW.minus(ago)));
    }

    private static JourneyDefinition.Entry entry(String reEntry, Duration after) {
        return new JourneyDefinition.Entry("vip", null, false, reEntry, after);
    }

    @Test
    void everybodyEntersTheFirstTime() {
        assertThat(JourneyRunner.refusal(entry("NEVER", null), null, NOW)).isNull();
    }

    @Test
    void withoutReEntryNobodyEntersTwice() {
        assertThat(JourneyRunner.refusal(entry("NEVER", null), enrolled(false, Duration.ofDays(300)), NOW))
                .isEqualTo("entered before (no re-entry)");
    }

    @Test
    void afterExitOnlyOnceTheRunEndedAndTheWaitIsOver() {
        JourneyDefinition.Entry entry = entry("AFTER_EXIT", Duration.ofDays(7));
        assertThat(JourneyRunner.refusal(entry, enrolled(true, Duration.ofDays(30)), NOW))
                .isEqualTo("still in the journey");
        assertThat(JourneyRunner.refusal(entry, enrolled(false, Duration.ofDays(3)), NOW))
                .isEqualTo("entered less than PT168H ago");
        assertThat(JourneyRunner.refusal(entry, enrolled(false, Duration.ofDays(8)), NOW)).isNull();
        assertThat(JourneyRunner.refusal(entry("AFTER_EXIT", null), enrolled(false, Duration.ofMinutes(1)), NOW))
                .isNull();
    }
}
