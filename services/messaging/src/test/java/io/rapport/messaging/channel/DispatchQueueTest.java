package io.rapport.messaging.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatch queue on the default file-backed store: what is due comes in due order, leased, retried and done
 * attempts behave, and no step reads a whole collection (the due attempts are a range of the due index's keys).
 */
class DispatchQueueTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final long LEASE = 60_000;

    @TempDir
    Path directory;

    @Test
    void dueAttemptsAreClaimedInDueOrderOnceWhileLeasedAndGoneWhenDone() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("messaging");
            DispatchQueue queue = new DispatchQueue(database);
            queue.schedule("late", 1, NOW.plusSeconds(60));
            queue.schedule("second", 1, NOW.minusSeconds(10));
            queue.schedule("first", 1, NOW.minusSeconds(20));
            queue.schedule("busy", 1, NOW.minusSeconds(30));
            queue.schedule("first", 1, NOW.minusSeconds(20)); // a repeated event schedules nothing twice

            var claimed = queue.claim(NOW, 10, LEASE, Set.of("busy"));
            assertThat(claimed).extracting(DispatchQueue.Due::messageId).containsExactly("first", "second");
            assertThat(queue.claim(NOW, 10, LEASE, Set.of("busy"))).as("leased").isEmpty();
            assertThat(queue.claim(NOW.plusMillis(LEASE + 1), 1, LEASE, Set.of("busy")))
                    .as("a lease that ran out: taken up again, one at a time").extracting(DispatchQueue.Due::messageId)
                    .containsExactly("first");

            // The first attempt of "second" failed and its retry is due later; then the first attempt is done.
            queue.schedule("second", 2, NOW.plusSeconds(30));
            queue.done(claimed.get(1));
            queue.schedule("second", 1, NOW); // old news: a later attempt is scheduled
            assertThat(queue.claim(NOW.plusSeconds(31), 10, LEASE, Set.of("busy", "first")))
                    .extracting(d -> d.messageId() + "#" + d.attempt()).containsExactly("second#2");
            queue.done(claimed.get(0));
            assertThat(database.getCollection("message_dispatch").countDocuments()).isEqualTo(3);

            assertThat(server.collectionScans()).as("whole reads")
                    .containsEntry("messaging.message_due", 0L)
                    .containsEntry("messaging.message_dispatch", 1L); // the one look when the queue starts
        }
    }

    @Test
    void attemptsQueuedBeforeTheDueIndexAreIndexedWhenTheQueueStarts() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("messaging");
            database.getCollection("message_dispatch").insertOne(new Document("_id", "old").append("attempt", 2)
                    .append("due", java.util.Date.from(NOW.minusSeconds(5))));
            DispatchQueue queue = new DispatchQueue(database);
            assertThat(queue.claim(NOW, 10, LEASE, Set.of())).extracting(d -> d.messageId() + "#" + d.attempt())
                    .containsExactly("old#2");
            assertThat(server.collectionScans()).containsEntry("messaging.message_due", 0L);
        }
    }
}
