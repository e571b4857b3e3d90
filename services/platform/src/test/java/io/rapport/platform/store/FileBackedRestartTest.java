package io.rapport.platform.store;

import static io.rapport.platform.store.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed embedded store keeps every event across a restart, and processors go on where they were. */
class FileBackedRestartTest {

    @TempDir
    Path dataDirectory;

    @Test
    void eventsAndPositionsSurviveARestart() {
        TrackingToken seen;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dataDirectory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoEventStorageEngine engine = engine(client);
            engine.appendEvents(events("customer-1", 0, 150));
            engine.appendEvents(events("customer-2", 0, 10));
            seen = engine.readEvents(engine.createTailToken(), false).skip(159).findFirst().orElseThrow().trackingToken();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(dataDirectory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoEventStorageEngine engine = engine(client);
            assertThat(engine.readEvents("customer-1").asStream().map(DomainEventMessage::getSequenceNumber))
                    .hasSize(150).isSorted();
            engine.appendEvents(events("customer-2", 10, 5));

            assertThat(engine.readEvents(seen, false).map(TrackedEventMessage::trackingToken)
                    .map(t -> t.position().orElseThrow())).containsExactly(161L, 162L, 163L, 164L, 165L);
            assertThat(engine.readAllEvents(50).count()).isEqualTo(165);
        }
    }

    private static MongoEventStorageEngine engine(MongoClient client) {
        return MongoEventStorageEngine.builder()
                .database(client.getDatabase("restart"))
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .build();
    }
}
