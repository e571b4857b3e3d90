package io.rapport.relationship.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.ConsentState;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerProfileUpdatedEvent;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.Sentiment;
import org.junit.jupiter.api.Test;

class RelationshipStateTest {

    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private static InteractionRecordedEvent interaction(String id, Channel channel, InteractionKind kind, String at,
                                                        String amount) {
        return new InteractionRecordedEvent("acme/ada", "acme", "ada", new Interaction(id, channel, Direction.INBOUND,
                kind, Instant.parse(at), amount == null ? null : new BigDecimal(amount), amount == null ? null : "EUR",
                null, null, null, null, List.of(), null));
    }

    @Test
    void foldsCountsSpendAndTheLatestInteractions() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(new CustomerRegisteredEvent("acme/ada", "acme", "ada", CustomerProfile.empty(), false), 0, REGISTERED);
        state.apply(interaction("e1", Channel.STORE, InteractionKind.PURCHASE, "2026-02-01T00:00:00Z", "30.00"), 1, REGISTERED);
        state.apply(interaction("e2", Channel.EMAIL, InteractionKind.OPEN, "2026-01-15T00:00:00Z", null), 2, REGISTERED);
        state.apply(interaction("e3", Channel.STORE, InteractionKind.RETURN, "2026-02-03T00:00:00Z", "10.50"), 3, REGISTERED);

        RelationshipView view = state.toView(NOW, null);
        assertThat(view.version()).isEqualTo(4);
        assertThat(view.interactionCount()).isEqualTo(3);
        assertThat(view.orderCount()).isEqualTo(1);
        assertThat(view.spend()).isEqualTo(Map.of("EUR", new BigDecimal("19.50")));
        assertThat(view.countsByChannel()).isEqualTo(Map.of(Channel.STORE, 2L, Channel.EMAIL, 1L));
        assertThat(view.firstInteractionAt()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(view.lastInteractionAt()).isEqualTo(Instant.parse("2026-02-03T00:00:00Z"));
        assertThat(view.recentInteractions()).extracting(Interaction::eventId).containsExactly("e3", "e1", "e2");
        assertThat(view.averageOrderValue()).isEqualTo(Map.of("EUR", new BigDecimal("30.00")));
        assertThat(view.lastActivityAt()).isEqualTo(Instant.parse("2026-02-03T00:00:00Z"));
    }

    @Test
    void aProfileUpdateSetsTheFieldsAndAttributesItGivesAndKeepsTheRest() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(new CustomerRegisteredEvent("acme/ada", "acme", "ada", new CustomerProfile("Ada", "Lovelace",
                "ada@example.com", null, "Europe/London", "en-GB", Map.of("tier", "gold", "city", "London")), false),
                0, REGISTERED);
        state.apply(new CustomerProfileUpdatedEvent("acme/ada", "acme", "ada", new CustomerProfile(null, "King", null,
                "+447700900000", null, null, Map.of("tier", "platinum"))), 1, REGISTERED);

        RelationshipView view = state.toView(NOW, null);
        assertThat(view.profile()).isEqualTo(new CustomerProfile("Ada", "King", "ada@example.com", "+447700900000",
                "Europe/London", "en-GB", Map.of("tier", "platinum", "city", "London")));
        assertThat(RelationshipState.fromDocument(state.toDocument()).toView(NOW, null).profile())
                .isEqualTo(view.profile());
    }

    @Test
    void theConsentTakingEffectLastIsInForceWhateverTheRecordingOrder() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(new ConsentChangedEvent("acme/ada", "acme", "ada", Channel.EMAIL, "marketing", false, "unsubscribe",
                Instant.parse("2026-02-10T00:00:00Z")), 0, REGISTERED);
        state.apply(new ConsentChangedEvent("acme/ada", "acme", "ada", Channel.EMAIL, "marketing", true, "signup-form",
                Instant.parse("2026-01-10T00:00:00Z")), 1, REGISTERED);
        state.apply(new ConsentChangedEvent("acme/ada", "acme", "ada", Channel.SMS, "marketing", true, "pos",
                Instant.parse("2026-01-11T00:00:00Z")), 2, REGISTERED);

        assertThat(state.toView(NOW, null).consents()).containsExactly(
                new ConsentState(Channel.EMAIL, "marketing", false, Instant.parse("2026-02-10T00:00:00Z"), "unsubscribe"),
                new ConsentState(Channel.SMS, "marketing", true, Instant.parse("2026-01-11T00:00:00Z"), "pos"));
    }

    @Test
    void learnsChannelHourInterestsAndSentimentFromWhatTheCustomerDid() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(new CustomerRegisteredEvent("acme/ada", "acme", "ada", new CustomerProfile(null, null, null, null,
                "America/New_York", null, Map.of()), false), 0, REGISTERED);
        long sequence = 1;
        for (int day = 1; day <= 20; day++) {
            Instant sent = Instant.parse("2026-01-01T14:00:00Z").plus(java.time.Duration.ofDays(day));
            state.apply(event("s" + day, Channel.EMAIL, Direction.OUTBOUND, InteractionKind.MESSAGE, sent, List.of(), null),
                    sequence++, REGISTERED);
            if (day % 2 == 0) {
                // 14:30 UTC is 09:30 in New York
                state.apply(event("c" + day, Channel.EMAIL, Direction.INBOUND, InteractionKind.CLICK,
                        sent.plusSeconds(1800), List.of("shoes"), null), sequence++, REGISTERED);
            }
        }
        state.apply(event("sms", Channel.SMS, Direction.INBOUND, InteractionKind.REPLY,
                Instant.parse("2026-02-01T23:00:00Z"), List.of("sale"), null), sequence++, REGISTERED);
        state.apply(event("p1", Channel.STORE, Direction.INBOUND, InteractionKind.PURCHASE,
                Instant.parse("2026-02-02T15:00:00Z"), List.of("boots"), null), sequence++, REGISTERED);
        double[] sentiments = {0.6, 0.5, 0.7, -0.4, -0.6, -0.5};
        for (int i = 0; i < sentiments.length; i++) {
            state.apply(event("m" + i, Channel.SUPPORT, Direction.INBOUND, InteractionKind.MESSAGE,
                    Instant.parse("2026-02-10T10:00:00Z").plusSeconds(i * 60L), List.of(),
                    new Sentiment(0, 0, 0, sentiments[i])), sequence++, REGISTERED);
        }

        RelationshipView view = state.toView(NOW, null);
        // SMS has one reply in one "send" (none really): smoothed, 10 responses in 20 emails still win.
        assertThat(view.preferredChannel()).isEqualTo(Channel.EMAIL);
        assertThat(view.bestSendHour()).isEqualTo(9);
        assertThat(view.timeZone()).isEqualTo("America/New_York");
        // shoes: 10 clicks × 2; boots: one purchase × 3; sale: one reply × 2
        assertThat(view.interests()).containsExactly("shoes", "boots", "sale");
        assertThat(view.sentiment().direction()).isEqualTo("DECLINING");
        assertThat(view.sentiment().latest()).isEqualTo(-0.5);
        assertThat(view.sentiment().readings()).isEqualTo(6);
        assertThat(RelationshipState.fromDocument(state.toDocument()).toView(NOW, null)).isEqualTo(view);
    }

    @Test
    void aCustomerWithFewResponsesLeansOnTheWorkspacePattern() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(event("c1", Channel.EMAIL, Direction.INBOUND, InteractionKind.OPEN,
                Instant.parse("2026-02-01T03:00:00Z"), List.of(), null), 0, REGISTERED);
        double[] workspace = new double[24];
        workspace[18] = 1.0;

        assertThat(state.toView(NOW, null).bestSendHour()).isEqualTo(3);
        assertThat(state.toView(NOW, workspace).bestSendHour()).isEqualTo(18);
    }

    private static InteractionRecordedEvent event(String id, Channel channel, Direction direction, InteractionKind kind,
                                                  Instant at, List<String> tags, Sentiment sentiment) {
        return new InteractionRecordedEvent("acme/ada", "acme", "ada", new Interaction(id, channel, direction, kind, at,
                null, null, null, null, null, null, tags, sentiment));
    }

    @Test
    void anEventFoldedTwiceCountsOnce() {
        RelationshipState state = new RelationshipState("acme/ada");
        var event = interaction("e1", Channel.STORE, InteractionKind.PURCHASE, "2026-02-01T00:00:00Z", "30.00");
        assertThat(state.apply(event, 0, REGISTERED)).isTrue();
        assertThat(state.apply(event, 0, REGISTERED)).isFalse();
        assertThat(state.toView(NOW, null).interactionCount()).isEqualTo(1);
    }

    @Test
    void survivesTheRoundTripThroughItsDocument() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(new CustomerRegisteredEvent("acme/ada", "acme", "ada", new CustomerProfile("Ada", null,
                "ada@example.com", null, "Europe/London", null, Map.of("tier", "gold")), false), 0, REGISTERED);
        for (int i = 0; i < 30; i++) {
            state.apply(interaction("e" + i, Channel.WEB, InteractionKind.VISIT,
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 3600L).toString(), null), i + 1, REGISTERED);
        }
        RelationshipView view = state.toView(NOW, null);
        assertThat(RelationshipState.fromDocument(state.toDocument()).toView(NOW, null)).isEqualTo(view);
        assertThat(view.recentInteractions()).hasSize(RelationshipState.RECENT_INTERACTIONS)
                .first().extracting(Interaction::eventId).isEqualTo("e29");
    }

    @Test
    void storesAnInteractionWithoutWhatItDoesNotHaveAndReadsEveryFieldBack() {
        RelationshipState state = new RelationshipState("acme/ada");
        state.apply(new CustomerRegisteredEvent("acme/ada", "acme", "ada", CustomerProfile.empty(), false), 0, REGISTERED);
        Interaction full = new Interaction("full", Channel.EMAIL, Direction.OUTBOUND, InteractionKind.PURCHASE,
                Instant.parse("2026-02-01T00:00:00Z"), new BigDecimal("12.50"), "EUR", "Thanks for your order",
                "order-7", "campaign-1", "message-1", List.of("shoes", "sale"), new Sentiment(0.1, 0.6, 0.3, 0.4));
        state.apply(new InteractionRecordedEvent("acme/ada", "acme", "ada", full), 1, REGISTERED);
        state.apply(interaction("bare", Channel.WEB, InteractionKind.VISIT, "2026-02-02T00:00:00Z", null), 2, REGISTERED);

        var stored = state.toDocument().getList("recent", org.bson.Document.class);
        assertThat(stored.get(0)).as("the bare visit").containsOnlyKeys("eventId", "channel", "direction", "kind",
                "occurredAt");
        assertThat(stored.get(1)).containsKeys("amount", "currency", "content", "reference", "campaignId", "messageId",
                "tags", "sentiment");
        assertThat(RelationshipState.fromDocument(state.toDocument()).toView(NOW, null).recentInteractions())
                .isEqualTo(state.toView(NOW, null).recentInteractions())
                .element(1).isEqualTo(full);
    }
}
