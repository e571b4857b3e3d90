package io.rapport.campaign.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign and a journey using every kind of field, for tests. */
public final class Samples {

    public static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
    public static final CampaignDefinition CAMPAIGN = new CampaignDefinition("Spring sale", "vip", List.of(
            new Variant("a", 1, Map.of("email", new MessageContent("Hi {{ customer_first_name }}", "Spring is here",
                    "<p>Spring is here</p>", Map.of("customer_first_name", "there")))),
            new Variant("b", 3, Map.of("sms", new MessageContent(null, "Spring! {{ code }}", null, Map.of())))),
            10, "PREFERRED", new Schedule(Schedule.Kind.BEST_HOUR, Samples.AT, Samples.AT.plus(Duration.ofHours(24))),
            new Goal("PURCHASE", Duration.ofDays(7)));
    public static final JourneyDefinition JOURNEY = new JourneyDefinition("Win back",
            new JourneyDefinition.Entry(null, "COMPLAINT", false, "AFTER_EXIT", Duration.ofDays(30)), List.of(
            new JourneyDefinition.Step("hello", "send", "EMAIL", Map.of("email", new MessageContent("Sorry",
                    "We are sorry", null, Map.of())), null, null, null, null),
            new JourneyDefinition.Step("pause", "wait", null, null, Duration.ofDays(2), null, null, null),
            new JourneyDefinition.Step("best", "wait_best_hour", null, null, null, null, null, null),
            new JourneyDefinition.Step("opened", "branch", null, null, Duration.ofDays(1), "OPENED", "end", null),
            new JourneyDefinition.Step("end", "exit", null, null, null, null, null, null)),
            new Goal("PURCHASE", Duration.ofDays(14)));

    private Samples() {
    }
}
