package io.rapport.platform.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A filter on {@code _id} and more is answered from the {@code _id} index with the server's own meaning: the same
 * documents match, conditional updates and upserts behave, and on the file backend nothing is read whole.
 */
class KeyedQueriesTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void aFilterOnIdAndMoreReadsOneDocument(String backend) {
        try (EmbeddedMongoServer server = backend.equals("file") ? EmbeddedMongoServer.fileBacked(directory)
                : EmbeddedMongoServer.inMemory();
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> queue = client.getDatabase("keyed").getCollection("queue");
            for (int i = 0; i < 500; i++) {
                queue.insertOne(new Document("_id", "m" + i).append("attempt", i % 3).append("due", i));
            }

            assertThat(queue.find(and(eq("_id", "m7"), eq("attempt", 1))).first()).containsEntry("due", 7);
            assertThat(queue.find(and(eq("_id", "m7"), eq("attempt", 2))).first()).isNull();
            assertThat(queue.find(new Document("_id", "m8").append("attempt", new Document("$gt", 1))).first())
                    .containsEntry("due", 8);
            assertThat(queue.find(and(eq("_id", "m9"), or(exists("lease", false), lt("lease", 5)))).first())
                    .containsEntry("attempt", 0);
            assertThat(queue.find(and(eq("_id", "nobody"), gt("due", 0))).first()).isNull();

            // A conditional update changes only the named document when the rest of the filter holds.
            assertThat(queue.updateOne(and(eq("_id", "m10"), lt("attempt", 1)), Updates.set("lease", 99))
                    .getModifiedCount()).isEqualTo(0);
            assertThat(queue.updateOne(and(eq("_id", "m10"), lt("attempt", 2)), Updates.set("lease", 99))
                    .getModifiedCount()).isEqualTo(1);
            assertThat(queue.find(eq("_id", "m10")).first()).containsEntry("lease", 99);
            // An upsert on a new _id still inserts it.
            queue.updateOne(and(eq("_id", "fresh"), lt("attempt", 4)), Updates.set("due", 1),
                    new UpdateOptions().upsert(true));
            assertThat(queue.find(eq("_id", "fresh")).first()).containsEntry("due", 1);
            assertThat(queue.deleteOne(and(eq("_id", "m11"), eq("attempt", 2))).getDeletedCount()).isEqualTo(1);
            // Counted on the file backend only (the memory backend checks the meaning above).
            assertThat(server.collectionScans().getOrDefault("keyed.queue", 0L)).as("whole reads of the queue")
                    .isZero();

            assertThat(queue.countDocuments()).isEqualTo(500);
            assertThat(queue.countDocuments(eq("lease", 99))).isEqualTo(1);
        }
    }
}
