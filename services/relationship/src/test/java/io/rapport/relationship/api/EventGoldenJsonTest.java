package io.rapport.relationship.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rapport.platform.store.EventSerialization;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

/**
 * Stored events are forever: each event's JSON is pinned by a golden file of its revision. A change that alters
 * the JSON must raise the revision and ship an upcaster from the old one, with its own golden test.
 */
class EventGoldenJsonTest {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private static final CustomerRegisteredEvent REGISTERED = new CustomerRegisteredEvent("acme/ada", "acme", "ada",
            new CustomerProfile("Ada", "Lovelace", "ada@example.com", "+44 20 7946 0000", "Europe/London", "en-GB",
                    Map.of("tier", "gold")), false);

    private static final InteractionRecordedEvent RECORDED = new InteractionRecordedEvent("acme/ada", "acme", "ada",
            new Interaction("order-1", Channel.STORE, Direction.INBOUND, InteractionKind.PURCHASE,
                    Instant.parse("2026-11-01T10:00:00Z"), new BigDecimal("19.99"), "EUR", "two books", "order-1",
                    "camp-7", "msg-9", List.of("books")));

    @Test
    void customerRegisteredRevision1() throws IOException {
        assertGolden(REGISTERED, "CustomerRegisteredEvent-1.json");
    }

    @Test
    void interactionRecordedRevision1() throws IOException {
        assertGolden(RECORDED, "InteractionRecordedEvent-1.json");
    }

    private static void assertGolden(Object event, String file) throws IOException {
        assertThat(file).contains("-" + event.getClass().getAnnotation(Revision.class).value() + ".json");
        JsonNode golden;
        try (InputStream in = EventGoldenJsonTest.class.getResourceAsStream("/golden/" + file)) {
            golden = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode written = JSON.valueToTree(event);
        assertThat(written).isEqualTo(golden);
        assertThat((Object) JSON.treeToValue(golden, event.getClass())).isEqualTo(event);
    }
}
