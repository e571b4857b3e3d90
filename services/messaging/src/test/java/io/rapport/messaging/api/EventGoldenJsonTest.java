package io.rapport.messaging.api;

import static io.rapport.platform.testing.GoldenJson.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;

import com.mongodb.client.MongoDatabase;
import io.rapport.messaging.config.Upcasters;
import io.rapport.platform.store.EventSerialization;
import io.rapport.platform.testing.GoldenJson;
import io.rapport.platform.store.MongoEventStorageEngine;
import io.rapport.platform.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Stored events are forever: each event's JSON is pinned by a golden file of its revision. */
class EventGoldenJsonTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
    private static final String ID = "acme/order-17";

    @Test
    void messageRequestedRevision1() {
        assertGolden(new MessageRequestedEvent(ID, "acme", "order-17", "ada", MessageChannel.EMAIL,
                MessagePurpose.TRANSACTIONAL, "ada@example.com", AT), "MessageRequestedEvent-1.json");
    }

    @Test
    void messageSuppressedRevision1() {
        assertGolden(new MessageSuppressedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "quiet hours", AT),
                "MessageSuppressedEvent-1.json");
    }

    @Test
    void messageRenderedRevision2() {
        assertGolden(new MessageRenderedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "ada@example.com", "Order 17",
                "Hi Ada!", "<p>Hi <b>Ada</b>!</p>", AT), "MessageRenderedEvent-2.json");
    }

    /** A revision 1 event, stored before HTML bodies existed, reads back through the store as plain text. */
    @Test
    void messageRenderedRevision1IsUpcast() {
        MongoDatabase database = TestMongo.freshDatabase();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(database)
                .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                .upcasterChain(new Upcasters().messageRenderedRevision1()).build();
        String golden = GoldenJson.read("MessageRenderedEvent-1.json").toString();
        database.getCollection("events").insertOne(new Document("_id", ID + "#1")
                .append("aggregateIdentifier", ID).append("sequenceNumber", 1L).append("type", "Message")
                .append("eventIdentifier", "e-1").append("timestamp", new Date()).append("recordedAt", new Date())
                .append("globalIndex", 1L).append("payloadType", MessageRenderedEvent.class.getName())
                .append("payloadRevision", "1").append("payload", golden).append("metaData", "{}"));

        assertThat(engine.readEvents(ID, 1).next().getPayload()).isEqualTo(new MessageRenderedEvent(ID, "acme", "ada",
                MessageChannel.EMAIL, "ada@example.com", "Order 17", "Hi Ada!", null, AT));
    }

    @Test
    void messageDispatchedRevision1() {
        assertGolden(new MessageDispatchedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "<m1@rapport>", 1, AT),
                "MessageDispatchedEvent-1.json");
    }

    @Test
    void messageFailedRevision1() {
        assertGolden(new MessageFailedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "SMTP: 550 no such user", 1, AT),
                "MessageFailedEvent-1.json");
    }

    @Test
    void messageEngagedRevision1() {
        assertGolden(new MessageEngagedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "CLICKED",
                "https://shop.example.com/autumn", AT), "MessageEngagedEvent-1.json");
    }

    @Test
    void messageAttemptStartedRevision1() {
        assertGolden(new MessageAttemptStartedEvent(ID, "acme", "ada", MessageChannel.SMS, 2, AT),
                "MessageAttemptStartedEvent-1.json");
    }

    @Test
    void messageRetryScheduledRevision1() {
        assertGolden(new MessageRetryScheduledEvent(ID, "acme", "ada", MessageChannel.SMS, 1,
                "SMS provider answered 503", AT.plusSeconds(2), AT), "MessageRetryScheduledEvent-1.json");
    }

    @Test
    void messageDeliveredRevision1() {
        assertGolden(new MessageDeliveredEvent(ID, "acme", "ada", MessageChannel.EMAIL, AT),
                "MessageDeliveredEvent-1.json");
    }

    @Test
    void messageBouncedRevision1() {
        assertGolden(new MessageBouncedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "ada@example.com", true, false,
                "550 no such user", AT), "MessageBouncedEvent-1.json");
    }

    @Test
    void conversationStartedRevision1() {
        assertGolden(new ConversationStartedEvent("acme/conv-1", "acme", "ada", MessageChannel.EMAIL, AT),
                "ConversationStartedEvent-1.json");
    }

    @Test
    void inboundMessageReceivedRevision1() {
        assertGolden(new InboundMessageReceivedEvent("acme/conv-1", "acme", "ada", MessageChannel.EMAIL, "<m1@mail>",
                "ada@example.com", "Re: Order 17", "It arrived broken.", -0.4767, true, "Hi Ada, I'm truly sorry.",
                ID, null, AT), "InboundMessageReceivedEvent-1.json");
    }

    @Test
    void agentRepliedRevision1() {
        assertGolden(new AgentRepliedEvent("acme/conv-1", "acme", "ada", "r1", "sam", "So sorry, Ada.",
                "acme/reply:r1", AT), "AgentRepliedEvent-1.json");
    }

    @Test
    void conversationStatusChangedRevision1() {
        assertGolden(new ConversationStatusChangedEvent("acme/conv-1", "acme", ConversationStatus.CLOSED, AT),
                "ConversationStatusChangedEvent-1.json");
    }

    @Test
    void conversationAssignedRevision1() {
        assertGolden(new ConversationAssignedEvent("acme/conv-1", "acme", "sam", AT),
                "ConversationAssignedEvent-1.json");
    }

}
