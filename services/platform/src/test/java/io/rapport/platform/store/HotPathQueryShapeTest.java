package io.rapport.platform.store;

import static io.rapport.platform.store.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import io.rapport.platform.testing.TestMongo;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Appending, loading an aggregate and feeding a processor must only ever look documents up by key: the embedded
 * server scans the whole collection for anything else, and so would a real MongoDB without the right index.
 * This watches every command the driver sends, on the memory and on the file backend, and on the file backend also
 * counts the queries the server answered by reading a whole collection.
 */
class HotPathQueryShapeTest {

    private static final Set<String> KEYS = Set.of("_id", "globalIndex");

    private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    private EmbeddedMongoServer fileServer;
    private MongoClient client;
    private MongoEventStorageEngine engine;
    private final String database = "shapes-" + System.nanoTime();

    @TempDir
    Path directory;

    private void connect(String backend) {
        String uri = TestMongo.connectionString();
        if (backend.equals("file")) {
            fileServer = EmbeddedMongoServer.fileBacked(directory);
            uri = fileServer.connectionString();
        }
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommand().clone());
                    }
                })
                .build());
        engine = MongoEventStorageEngine.builder()
                .database(client.getDatabase(database))
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.serializer())
                .build();
    }

    @AfterEach
    void close() {
        client.close();
        if (fileServer != null) {
            fileServer.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void everyHotPathReadAndWriteIsAKeyLookup(String backend) {
        connect(backend);
        commands.clear();
        engine.appendEvents(events("customer-1", 0, 120));
        engine.appendEvents(events("customer-2", 0, 5));
        assertThat(engine.readEvents("customer-2").asStream().count()).as("loaded while no snapshot is stored")
                .isEqualTo(5);
        engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 100,
                new TestEvents.SomethingHappened("state", 100)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 110,
                new TestEvents.SomethingHappened("state", 110)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("TestAggregate", "customer-1", 105,
                new TestEvents.SomethingHappened("state", 105)));
        // How Axon's event store loads an aggregate: the snapshot, then the events after it.
        long snapshotSequence = engine.readSnapshot("customer-1").orElseThrow().getSequenceNumber();
        assertThat(snapshotSequence).as("an older snapshot does not replace a newer one").isEqualTo(110);
        assertThat(engine.readEvents("customer-1", snapshotSequence + 1).asStream().count()).isEqualTo(9);
        assertThat(engine.readEvents(engine.createTailToken(), false).count()).isEqualTo(125);

        assertThat(commands).extracting(c -> c.getFirstKey())
                .contains("findAndModify", "insert", "find", "update");
        for (BsonDocument command : commands) {
            String name = command.getFirstKey();
            BsonDocument filter = switch (name) {
                case "find", "findAndModify" -> command.getDocument(name.equals("find") ? "filter" : "query");
                case "update" -> command.getArray("updates").get(0).asDocument().getDocument("q");
                case "delete" -> command.getArray("deletes").get(0).asDocument().getDocument("q");
                default -> null;
            };
            if (filter != null) {
                assertThat(filter.keySet()).as("filter of %s", command.toJson()).containsAnyElementsOf(KEYS);
                assertThat(command.containsKey("sort")).as("no sort in %s", command.toJson()).isFalse();
            }
        }
        if (fileServer != null) {
            // The server's own index bookkeeping (system.*) reads its small collections whole when indexes are made.
            assertThat(fileServer.collectionScans()).as("collections read whole by the server")
                    .containsKeys(database + ".events", database + ".snapshots", database + ".event_positions")
                    .allSatisfy((collection, scans) -> assertThat(scans).as(collection)
                            .isEqualTo(collection.startsWith(database + ".system.") ? scans : 0L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void aShortAggregateAndACaughtUpReaderAskForFewKeys(String backend) {
        connect(backend);
        engine.appendEvents(events("customer-1", 0, 120));
        engine.appendEvents(events("customer-2", 0, 5));
        List<? extends TrackedEventData<?>> all = engine.fetchTrackedEvents(null, 200);
        assertThat(all).hasSize(125);

        commands.clear();
        assertThat(engine.readEvents("customer-2", 0).asStream().count()).isEqualTo(5);
        assertThat(engine.readEvents("customer-new", 0).asStream().count()).isZero();
        assertThat(keysAsked("_id")).as("a new and a five-event aggregate").isLessThanOrEqualTo(16);

        engine.appendEvents(events("customer-3", 0, 3));
        commands.clear();
        assertThat(engine.fetchTrackedEvents(all.get(all.size() - 1).trackingToken(), 100)).hasSize(3);
        assertThat(keysAsked("globalIndex")).as("positions asked for, three appended since").isEqualTo(3);
        assertThat(keysAsked("_id")).as("predecessors all in the batch").isZero();
    }

    /** How many keys of {@code field} the find commands since the last clear asked for with {@code $in}. */
    private int keysAsked(String field) {
        return commands.stream()
                .filter(c -> c.getFirstKey().equals("find") && c.getDocument("filter").isDocument(field))
                .mapToInt(c -> c.getDocument("filter").getDocument(field).getArray("$in").size())
                .sum();
    }
}
