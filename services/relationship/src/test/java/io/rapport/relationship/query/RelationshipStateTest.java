package io.rapport.relationship.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipView;
import org.junit.jupiter.api.Test;

class RelationshipStateTest {

    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");

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

        RelationshipView view = state.toView();
        assertThat(view.version()).isEqualTo(4);
        assertThat(view.interactionCount()).isEqualTo(3);
        assertThat(view.orderCount()).isEqualTo(1);
        assertThat(view.spend()).isEqualTo(Map.of("EUR", new BigDecimal("19.50")));
        assertThat(view.countsByChannel()).isEqualTo(Map.of(Channel.STORE, 2L, Channel.EMAIL, 1L));
        assertThat(view.firstInteractionAt()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(view.lastInteractionAt()).isEqualTo(Instant.parse("2026-02-03T00:00:00Z"));
        assertThat(view.recentInteractions()).extracting(Interaction::eventId).containsExactly("e3", "e1", "e2");
    }

    @Test
    void anEventFoldedTwiceCountsOnce() {
        RelationshipState state = new RelationshipState("acme/ada");
        var event = interaction("e1", Channel.STORE, InteractionKind.PURCHASE, "2026-02-01T00:00:00Z", "30.00");
        assertThat(state.apply(event, 0, REGISTERED)).isTrue();
        assertThat(state.apply(event, 0, REGISTERED)).isFalse();
        assertThat(state.toView().interactionCount()).isEqualTo(1);
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
        RelationshipView view = state.toView();
        assertThat(RelationshipState.fromDocument(state.toDocument()).toView()).isEqualTo(view);
        assertThat(view.recentInteractions()).hasSize(RelationshipState.RECENT_INTERACTIONS)
                .first().extracting(Interaction::eventId).isEqualTo("e29");
    }
}
