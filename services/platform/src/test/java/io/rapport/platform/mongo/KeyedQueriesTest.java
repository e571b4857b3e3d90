package io.rapport.platform.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A filter on {@code _id} and more is answered from the {@code _id} index with the server's own meaning: the same
 * documents match, conditional updates and upserts behave, and on the file backend nothing is read whole; so is a
 * range of string ids, in id order, a page at a time.
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

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void aRangeOfIdsIsReadInIdOrderAPageAtATime(String backend) {
        try (EmbeddedMongoServer server = backend.equals("file") ? EmbeddedMongoServer.fileBacked(directory)
                : EmbeddedMongoServer.inMemory();
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("keyed").getCollection("views");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                // Inserted out of id order, beside neighbouring workspaces and ids of other types.
                int n = (i * 7919) % 300;
                views.insertOne(new Document("_id", "ws/" + n).append("tenant", "ws").append("n", n));
                views.insertOne(new Document("_id", "wr/" + n).append("tenant", "wr"));
                views.insertOne(new Document("_id", "wt/" + n).append("tenant", "wt"));
                views.insertOne(new Document("_id", (long) n).append("tenant", "ws"));
                expected.add("ws/" + n);
            }
            views.insertOne(new Document("_id", "ws/stray").append("tenant", "other"));
            expected.sort(null);

            List<String> paged = new ArrayList<>();
            String after = null;
            while (true) {
                Bson range = after == null ? gte("_id", "ws/") : gt("_id", after);
                List<String> page = views.find(and(range, lt("_id", "ws0"), eq("tenant", "ws")))
                        .sort(Sorts.ascending("_id")).limit(7)
                        .map(d -> d.getString("_id")).into(new ArrayList<>());
                if (page.isEmpty()) {
                    break;
                }
                paged.addAll(page);
                after = page.get(page.size() - 1);
            }
            assertThat(paged).isEqualTo(expected);

            // Bounds: exclusive and inclusive, the tighter of two on a side, another order, no lower bound.
            assertThat(views.find(and(gt("_id", "ws/10"), lte("_id", "ws/102"))).map(d -> d.getString("_id"))
                    .into(new ArrayList<>())).containsExactly("ws/100", "ws/101", "ws/102");
            assertThat(views.find(and(gte("_id", "ws/10"), gt("_id", "ws/10"), lt("_id", "ws/101")))
                    .map(d -> d.getString("_id")).into(new ArrayList<>())).containsExactly("ws/100");
            assertThat(views.find(and(gte("_id", "ws/10"), lt("_id", "ws/101"))).sort(Sorts.descending("_id"))
                    .map(d -> d.getString("_id")).into(new ArrayList<>())).containsExactly("ws/100", "ws/10");
            assertThat(server.collectionScans().getOrDefault("keyed.views", 0L)).as("whole reads of the views")
                    .isZero();
            assertThat(views.countDocuments(lt("_id", "wr0"))).isEqualTo(300);
        }
    }

    @Test
    void theIdConditionsOfNestedAndsMakeOneRangeAsTightAsAllOfThem() {
        // What the driver sends for and(and(gte("_id", a), lt("_id", b)), eq("journey", j), gt("_id", c), lt(…)).
        var query = wire("$and", List.of(wire("$and", List.of(wire("_id", wire("$gte", "j|")),
                        wire("_id", wire("$lt", "j}")))), wire("journey", "j"), wire("_id", wire("$gt", "j|b")),
                wire("_id", wire("$lt", "j|z"))));
        assertThat(KeyedQueries.idCondition(query))
                .isEqualTo(wire("$gte", "j|").append("$lt", "j|z").append("$gt", "j|b"));
        // A value among ranges is the one document to look at; a range beside another kind of condition: neither.
        assertThat(KeyedQueries.idCondition(wire("$and", List.of(wire("_id", wire("$gt", "a")), wire("_id", "m7")))))
                .isEqualTo("m7");
        assertThat(KeyedQueries.idCondition(wire("$and", List.of(wire("_id", wire("$gt", "a")),
                wire("_id", wire("$in", List.of("b"))))))).isNull();
    }

    /** A document as the embedded server reads it off the wire. */
    private static de.bwaldvogel.mongo.bson.Document wire(String key, Object value) {
        return new de.bwaldvogel.mongo.bson.Document(key, value);
    }
}
