package io.rapport.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent writers on the file backend share commits, and every acknowledged write is in the file. */
class DurableH2BackendTest {

    private static final int WRITERS = 8;
    private static final int WRITES_EACH = 200;

    @TempDir
    Path directory;

    @Test
    void concurrentWritersShareCommits() throws Exception {
        String file = directory.resolve("mongo.mv.db").toString();
        DurableH2Backend backend = new DurableH2Backend(file);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":"
                + address.getPort())) {
            MongoCollection<Document> collection = client.getDatabase("group").getCollection("writes");
            collection.insertOne(new Document("_id", "first"));
            long writesBefore = backend.writes();
            long commitsBefore = backend.commits();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_EACH; i++) {
                        collection.insertOne(new Document("_id", writer + "-" + i));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();

            long writes = backend.writes() - writesBefore;
            long commits = backend.commits() - commitsBefore;
            assertThat(writes).isEqualTo(WRITERS * WRITES_EACH);
            assertThat(commits).as("commits for %d concurrent writes", writes).isPositive().isLessThan(writes);
        } finally {
            server.shutdownNow();
        }

        // Reopened from the file alone: nothing acknowledged is missing.
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(client.getDatabase("group").getCollection("writes").countDocuments())
                    .isEqualTo(WRITERS * WRITES_EACH + 1L);
        }
    }
}
