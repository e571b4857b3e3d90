package io.rapport.relationship.api;

import static io.rapport.platform.testing.GoldenJson.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.rapport.platform.store.EventSerialization;
import io.rapport.platform.testing.GoldenJson;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.store.MongoEventStorageEngine;
import io.rapport.platform.testing.TestMongo;
import io.rapport.relationship.config.Upcasters;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Stored events are forever: each event's JSON is pinned by a golden file of its revision, and older revisions
 * must still read. A change that alters
 * the JSON must raise the revision and ship an upcaster from the old one, with its own golden test.
 */
class EventGoldenJsonTest {

    private static final CustomerRegisteredEvent REGISTERED = new CustomerRegisteredEvent("acme/ada", "acme", "ada",
            new CustomerProfile("Ada", "Lovelace", "ada@example.com", "+44 20 7946 0000", "Europe/London", "en-GB",
                    Map.of("tier", "gold")), false);

    private static final InteractionRecordedEvent RECORDED = new InteractionRecordedEvent("acme/ada", "acme", "ada",
            new Interaction("order-1", Channel.STORE, Direction.INBOUND, InteractionKind.PURCHASE,
                    Instant.parse("2026-11-01T10:00:00Z"), new BigDecimal("19.99"), "EUR", "two books", "order-1",
                    "camp-7", "msg-9", List.of("books"), new Sentiment(0.0, 0.492, 0.508, 0.4404)));

    @Test
    void customerRegisteredRevision1() {
        assertGolden(REGISTERED, "CustomerRegisteredEvent-1.json");
    }

    @Test
    void customerProfileUpdatedRevision1() {
        assertGolden(new CustomerProfileUpdatedEvent("acme/ada", "acme", "ada", new CustomerProfile(null, "King", null,
                null, null, "en-US", Map.of("tier", "platinum"))), "CustomerProfileUpdatedEvent-1.json");
    }

    @Test
    void consentChangedRevision1() {
        assertGolden(new ConsentChangedEvent("acme/ada", "acme", "ada", Channel.EMAIL, "marketing", true, "signup-form",
                Instant.parse("2026-01-05T09:00:00Z")), "ConsentChangedEvent-1.json");
    }

    @Test
    void identifierLinkedRevision1() {
        assertGolden(new IdentifierLinkedEvent("acme/ada", "acme", "ada", Identifier.of(IdentifierType.EMAIL,
                "Ada@Example.com")), "IdentifierLinkedEvent-1.json");
    }

    @Test
    void customersMergedAndUnmergedRevision1() {
        Instant at = Instant.parse("2026-11-21T08:00:00Z");
        assertGolden(new CustomersMergedEvent("acme/ada", "acme", "ada", "ada", "ada-old", at),
                "CustomersMergedEvent-1.json");
        assertGolden(new CustomersUnmergedEvent("acme/ada", "acme", "ada", "ada", "ada-old", at.plusSeconds(60)),
                "CustomersUnmergedEvent-1.json");
    }

    @Test
    void customerForgottenRevision1() {
        assertGolden(new CustomerForgottenEvent("acme/ada", "acme", "ada", Instant.parse("2026-11-20T08:00:00Z")),
                "CustomerForgottenEvent-1.json");
    }

    @Test
    void interactionRecordedRevision2() {
        assertGolden(RECORDED, "InteractionRecordedEvent-2.json");
    }

    /** A revision 1 event as stored before sentiment existed reads back through the store as revision 2. */
    @Test
    void interactionRecordedRevision1IsUpcast() {
        MongoDatabase database = TestMongo.freshDatabase();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .upcasterChain(new Upcasters().interactionRecordedRevision1())
                .build();
        database.getCollection("events").insertOne(new Document("_id", "acme/ada#0")
                .append("aggregateIdentifier", "acme/ada").append("sequenceNumber", 0L)
                .append("type", "CustomerRelationship").append("eventIdentifier", "e-1")
                .append("timestamp", new Date()).append("recordedAt", new Date()).append("globalIndex", 1L)
                .append("payloadType", InteractionRecordedEvent.class.getName()).append("payloadRevision", "1")
                .append("payload", GoldenJson.read("InteractionRecordedEvent-1.json").toString()).append("metaData", "{}"));

        Object upcast = engine.readEvents("acme/ada").next().getPayload();

        Interaction i = RECORDED.interaction();
        assertThat(upcast).isEqualTo(new InteractionRecordedEvent("acme/ada", "acme", "ada", new Interaction(
                i.eventId(), i.channel(), i.direction(), i.kind(), i.occurredAt(), i.amount(), i.currency(), i.content(),
                i.reference(), i.campaignId(), i.messageId(), i.tags(), null)));
    }

}
