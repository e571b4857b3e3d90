package io.rapport.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writers on the file backend share commits, every acknowledged write is in the file, and a file of the
 * H2 backend's own format is converted when opened.
 */
class DurableH2BackendTest {

    private static final int WRITERS = 8;
    private static final int WRITES_EACH = 200;

    @TempDir
    Path directory;

    @Test
    void concurrentWritersShareCommits() throws Exception {
        DurableH2Backend backend = DurableH2Backend.open(directory.resolve("mongo.mv.db"),
                EmbeddedMongoServer.DEFAULT_CACHE_MB);
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(backend, null);
             MongoClient client = MongoClients.create(server.connectionString())) {
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
        }

        // Reopened from the file alone: nothing acknowledged is missing.
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(client.getDatabase("group").getCollection("writes").countDocuments())
                    .isEqualTo(WRITERS * WRITES_EACH + 1L);
        }
    }

    /**
     * An update changes the stored document in place (the server's way), while another writer's commit may be writing
     * the page that holds it: the store must never see a document change under it. Before each read handed out a
     * copy, this failed the commit (ConcurrentModificationException) and every later one with it.
     */
    @Test
    void updatesWhileOtherWritersCommitNeverChangeADocumentTheCommitIsWriting() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("group").getCollection("views");
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String id = "view-" + w % 2; // several writers update each document
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_EACH * 5; i++) {
                        // Fields come and go, as a lease or a wait does: the document's shape changes each time.
                        Document set = new Document();
                        Document unset = new Document();
                        for (int f = 0; f < 100; f++) {
                            set.append("f" + ((i + f) % 200), i);
                            unset.append("f" + ((i + f + 100) % 200), "");
                        }
                        views.updateOne(new Document("_id", id), new Document("$set", set).append("$unset", unset),
                                new com.mongodb.client.model.UpdateOptions().upsert(true));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();
        }
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            Document last = client.getDatabase("group").getCollection("views").find(new Document("_id", "view-0"))
                    .first();
            assertThat(last).hasSize(101); // the id and the last update's hundred fields
        }
    }

    /**
     * Closing while the file is being forced to the disk: an interrupt during {@code FileChannel.force} closes the
     * channel, and the store's last write on closing then failed ("Writing to ... failed; length 8192 at 0", seen
     * once in CI). Here a force lasts until the test lets it end, as on a slow disk, and the store is closed during one.
     */
    @Test
    void closingDuringASyncWaitsForItAndKeepsEveryWrite() throws Exception {
        FilePath.register(new SlowForce());
        Path file = directory.resolve("mongo.mv.db");
        DurableH2Backend backend = DurableH2Backend.over(
                new MVStore.Builder().fileName(SlowForce.SCHEME + ":" + file).open(), 1);
        EmbeddedMongoServer server = new EmbeddedMongoServer(backend, null);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("close").getCollection("writes").insertOne(new Document("_id", "kept"));
            await().atMost(Duration.ofSeconds(10)).until(() -> SlowForce.forcing.get() > 0);
            AtomicReference<RuntimeException> closeFailure = new AtomicReference<>();
            Thread closing = new Thread(() -> {
                try {
                    server.close();
                } catch (RuntimeException e) {
                    closeFailure.set(e);
                }
            });
            closing.start();
            // The close waits for the sync (or, as it did, interrupts it and ends): only then does the sync end.
            await().atMost(Duration.ofSeconds(10)).until(() -> !closing.isAlive() || Arrays.stream(
                    closing.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("awaitTermination")));
            SlowForce.release.countDown();
            closing.join(Duration.ofSeconds(30).toMillis());
            assertThat(closeFailure.get()).as("closed during a sync").isNull();
        }
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(client.getDatabase("close").getCollection("writes").countDocuments()).isEqualTo(1);
        }
    }

    /**
     * A file whose forces wait until {@link #release} (a slow disk), and fail as the JDK's do when their thread is
     * interrupted. Public, with a public constructor: H2 makes one per path by reflection.
     */
    public static final class SlowForce extends FilePathWrapper {

        static final String SCHEME = "slowforce";
        /** Forces under way. */
        static final AtomicInteger forcing = new AtomicInteger();
        /** Lets the forces end, as a slow disk at last does. */
        static final CountDownLatch release = new CountDownLatch(1);

        public SlowForce() {
            // for H2
        }

        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            FileChannel base = getBase().open(mode);
            return new FileBase() {
                @Override
                public void force(boolean metaData) throws IOException {
                    forcing.incrementAndGet();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the JDK's force then closes the channel
                    }
                    try {
                        base.force(metaData);
                    } finally {
                        forcing.decrementAndGet();
                    }
                }

                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return base.read(dst, position);
                }

                @Override
                public int write(ByteBuffer src, long position) throws IOException {
                    return base.write(src, position);
                }

                @Override
                public int read(ByteBuffer dst) throws IOException {
                    return base.read(dst);
                }

                @Override
                public int write(ByteBuffer src) throws IOException {
                    return base.write(src);
                }

                @Override
                public long position() throws IOException {
                    return base.position();
                }

                @Override
                public FileChannel position(long newPosition) throws IOException {
                    base.position(newPosition);
                    return this;
                }

                @Override
                public long size() throws IOException {
                    return base.size();
                }

                @Override
                public FileChannel truncate(long size) throws IOException {
                    base.truncate(size);
                    return this;
                }

                @Override
                public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                    return base.tryLock(position, size, shared);
                }

                @Override
                protected void implCloseChannel() throws IOException {
                    base.close();
                }
            };
        }
    }

    @Test
    void aFileInTheOldFormatIsConvertedWithItsIndexes() {
        Path file = directory.resolve("mongo.mv.db");
        try (EmbeddedMongoServer old = new EmbeddedMongoServer(new H2Backend(file.toString()), file);
             MongoClient client = MongoClients.create(old.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("store").getCollection("events");
            events.createIndex(new Document("globalIndex", 1), new IndexOptions().unique(true));
            for (int i = 1; i <= 2_500; i++) {
                events.insertOne(new Document("_id", "customer-" + (i % 7) + "#" + i).append("globalIndex", (long) i)
                        .append("payload", new Document("text", "event " + i).append("tags", List.of("a", "b"))));
            }
            client.getDatabase("other").getCollection("views").insertOne(new Document("_id", 1).append("x", true));
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("store").getCollection("events");
            assertThat(events.countDocuments()).isEqualTo(2_500);
            Document found = events.find(new Document("globalIndex", 1_234L)).first();
            assertThat(found).isNotNull();
            assertThat(found.getString("_id")).isEqualTo("customer-2#1234");
            assertThat(found.get("payload", Document.class).getList("tags", String.class)).containsExactly("a", "b");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "another").append("globalIndex", 7L)))
                    .as("the unique index came along").isInstanceOf(MongoWriteException.class);
            assertThat(client.getDatabase("other").getCollection("views").find().first()).containsEntry("x", true);
        }
        assertThat(directory.resolve("mongo.mv.db.legacy")).doesNotExist();

        // Opened again: already converted, nothing copied twice.
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(client.getDatabase("store").getCollection("events").countDocuments()).isEqualTo(2_500);
        }
    }

    @Test
    void aDocumentRewrittenOverAndOverDoesNotGrowTheFile() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.fileBacked(directory);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("views").getCollection("views");
            String text = "x".repeat(20_000);
            views.insertOne(new Document("_id", "customer").append("n", 0).append("text", text));
            rewrite(views, text, 1_000);
            // Superseded chunks are written over once the retention time has passed: rewriting on, the file
            // stops growing.
            awaitSteadyUnderRewrites(views, text, server.dataFile());
            long steady = Files.size(server.dataFile());
            // Rewriting on at the same pace for longer than the retention time (3 s) leaves it where it was. A
            // burst faster than that pace keeps more bytes within the retention time (a round of 1,000 here once
            // grew it by 10 MB), so the pace is kept. With H2's default of 45 s every rewrite of these 5 s was
            // kept: 10 rounds of 100 rewrites of 20 kB, 20 MB.
            Path file = server.dataFile();
            await().pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        rewrite(views, text, 100);
                        return Files.size(file) < steady + 10_000_000L;
                    });
        }
    }

    /** Goes on rewriting until three rounds of 100 rewrites in a row leave the file no bigger. */
    private static void awaitSteadyUnderRewrites(MongoCollection<Document> views, String text, Path file) {
        long[] largest = {0};
        int[] steadyRounds = {0};
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
            rewrite(views, text, 100);
            long size = Files.size(file);
            steadyRounds[0] = size <= largest[0] ? steadyRounds[0] + 1 : 0;
            largest[0] = Math.max(largest[0], size);
            return steadyRounds[0] >= 3;
        });
    }

    private static void rewrite(MongoCollection<Document> views, String text, int times) {
        for (int i = 0; i < times; i++) {
            views.replaceOne(new Document("_id", "customer"), new Document("_id", "customer").append("n", i)
                    .append("text", text));
        }
    }
}
