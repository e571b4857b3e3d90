package io.rapport.platform.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 file backend, committed before any write is acknowledged.
 *
 * <p>H2's MVStore commits on a one-second timer by default, so a process killed with SIGKILL would lose
 * writes the driver had already been told were stored. Here no write command answers before a commit that
 * holds it has ended, so an acknowledged write survives the death of the process. The file is forced to the disk
 * once a second and superseded chunks are kept a little longer than that, so a power cut should leave the state of
 * the last second at most. Writers share commits (group commit): a writer that finds a commit running waits for it
 * to end, and the next commit then holds every write made meanwhile, so one commit answers many concurrent writes.
 *
 * <p>Documents are stored as BSON and index keys compare by value ({@link TypedH2Database}). A file written in the
 * H2 backend's own format (Java serialization, before 2026-12-05) is converted once when opened: copied into a new
 * file through two embedded servers, the old file kept as {@code <name>.legacy} until the copy is complete (a
 * conversion cut short starts again from it).
 */
final class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    /** A map that says the file holds BSON documents; a file with databases and without it is in the old format. */
    private static final String FORMAT_MAP = "rapport.storage";
    private static final String FORMAT_KEY = "documents";
    private static final String FORMAT = "bson";
    private static final int COPY_BATCH = 1_000;
    /** How often what was committed is forced to the disk. */
    private static final long SYNC_MILLIS = 1_000;
    /** How long closing waits for a sync in progress. */
    private static final long CLOSE_WAIT_SECONDS = 30;
    /**
     * How long a superseded chunk is kept before its space is written over: longer than a sync interval, so that the
     * last synced state stays whole on disk. H2's default, 45 s, left a file of gigabytes after minutes of
     * updates: every commit writes a chunk, and a view rewritten on every event is superseded at once.
     */
    private static final int RETENTION_MILLIS = 3_000;

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "renamecollection", "create");

    private final ReentrantLock committer = new ReentrantLock();
    /** Write commands applied so far. */
    private final AtomicLong written = new AtomicLong();
    /** Write commands a finished commit holds; only read and written by the committer's holder. */
    private long committed;
    /** Commits made so far. */
    private final AtomicLong commits = new AtomicLong();
    /**
     * Queries answered by reading a whole collection, per collection ("database.collection"). Not final and set
     * on first use: H2's constructor opens the file's databases before this class's fields are initialised.
     */
    private Map<String, LongAdder> scans;

    private final ScheduledExecutorService syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "store-sync");
        thread.setDaemon(true);
        return thread;
    });
    /** Commits already forced to the disk; only the syncer reads and writes it. */
    private long synced;

    private DurableH2Backend(MVStore store, long syncMillis) {
        super(store);
        store.setRetentionTime(RETENTION_MILLIS);
        syncer.scheduleWithFixedDelay(this::sync, syncMillis, syncMillis, TimeUnit.MILLISECONDS);
        MVMap<String, String> format = store.openMap(FORMAT_MAP);
        if (!FORMAT.equals(format.get(FORMAT_KEY))) {
            format.put(FORMAT_KEY, FORMAT);
            store.commit();
        }
    }

    /**
     * The backend of the file {@code file} with a page cache of {@code cacheMb} MB, converting the file first if it
     * is in the H2 backend's own format.
     */
    static DurableH2Backend open(Path file, int cacheMb) {
        Path legacy = file.resolveSibling(file.getFileName() + ".legacy");
        try {
            if (Files.exists(legacy)) {
                Files.deleteIfExists(file);
            } else if (Files.exists(file) && isLegacy(file)) {
                Files.move(file, legacy);
            }
            if (Files.exists(legacy)) {
                convert(legacy, file, cacheMb);
                Files.delete(legacy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + file + " to the BSON storage format", e);
        }
        return new DurableH2Backend(openStore(file, cacheMb), SYNC_MILLIS);
    }

    /** The backend of an open store, forced to the disk every {@code syncMillis} ms. */
    static DurableH2Backend over(MVStore store, long syncMillis) {
        return new DurableH2Backend(store, syncMillis);
    }

    private static MVStore openStore(Path file, int cacheMb) {
        return new MVStore.Builder().fileName(file.toString()).cacheSize(cacheMb).open();
    }

    private static boolean isLegacy(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return !store.hasMap(FORMAT_MAP)
                    && store.getMapNames().stream().anyMatch(name -> name.startsWith("databases."));
        } finally {
            store.close();
        }
    }

    /** Copies every database, collection, unique index and document of {@code legacy} into a new {@code file}. */
    private static void convert(Path legacy, Path file, int cacheMb) {
        log.info("Converting {} to the BSON storage format (once); the old file stays until the copy is complete",
                legacy);
        try (EmbeddedMongoServer from = new EmbeddedMongoServer(new H2Backend(legacy.toString()), legacy);
             EmbeddedMongoServer to = new EmbeddedMongoServer(new DurableH2Backend(openStore(file, cacheMb), SYNC_MILLIS),
                     file);
             MongoClient source = MongoClients.create(from.connectionString());
             MongoClient target = MongoClients.create(to.connectionString())) {
            long documents = 0;
            for (String database : source.listDatabaseNames()) {
                for (String name : source.getDatabase(database).listCollectionNames()) {
                    MongoCollection<org.bson.Document> original = source.getDatabase(database).getCollection(name);
                    MongoCollection<org.bson.Document> copy = target.getDatabase(database).getCollection(name);
                    for (org.bson.Document index : original.listIndexes()) {
                        if (!"_id_".equals(index.getString("name"))) {
                            copy.createIndex(index.get("key", org.bson.Document.class), new IndexOptions()
                                    .name(index.getString("name"))
                                    .unique(index.getBoolean("unique", false))
                                    .sparse(index.getBoolean("sparse", false)));
                        }
                    }
                    List<org.bson.Document> batch = new ArrayList<>(COPY_BATCH);
                    for (org.bson.Document document : original.find().batchSize(COPY_BATCH)) {
                        batch.add(document);
                        if (batch.size() == COPY_BATCH) {
                            documents += copyBatch(copy, batch);
                        }
                    }
                    documents += copyBatch(copy, batch);
                }
            }
            log.info("Converted {}: {} documents", legacy, documents);
        }
    }

    /** Inserts and empties {@code batch}; returns how many it held. */
    private static int copyBatch(MongoCollection<org.bson.Document> copy, List<org.bson.Document> batch) {
        int size = batch.size();
        if (size > 0) {
            copy.insertMany(batch);
            batch.clear();
        }
        return size;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        if (scans == null) {
            scans = new ConcurrentHashMap<>();
        }
        return new TypedH2Database(databaseName, getMvStore(), getCursorRegistry(), scans);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return super.handleMessage(message);
        } finally {
            if (isWrite(message.getDocument())) {
                commitThrough(written.incrementAndGet());
            }
        }
    }

    private void sync() {
        long made = commits.get();
        if (made != synced) {
            try {
                getMvStore().getFileStore().sync();
                synced = made;
            } catch (RuntimeException e) {
                log.warn("Could not force the store file to the disk; trying again in {} ms", SYNC_MILLIS, e);
            }
        }
    }

    /**
     * Lets a sync in progress end before the store closes, rather than interrupt it: an interrupt during
     * {@code FileChannel.force} closes the file's channel, and the store's last write then failed (seen once in CI).
     * An interrupt of the closing thread is likewise held back until the store is closed.
     */
    @Override
    public void close() {
        syncer.shutdown();
        boolean interrupted = false;
        try {
            if (!syncer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("A sync of the store file did not end within {} s; closing the store anyway",
                        CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true; // kept for after the store's own writes, which an interrupt would fail
        }
        super.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Write commands applied so far, and commits that made them durable: fewer commits than writes under load. */
    long writes() {
        return written.get();
    }

    long commits() {
        return commits.get();
    }

    /** How many queries each collection answered by reading all its documents, since the backend was opened. */
    Map<String, Long> scans() {
        Map<String, Long> counts = new TreeMap<>();
        if (scans != null) {
            scans.forEach((collection, count) -> counts.put(collection, count.sum()));
        }
        return counts;
    }

    /** Returns once a commit holding the {@code write}-th write has ended, committing itself if none has. */
    private void commitThrough(long write) {
        committer.lock();
        try {
            if (committed < write) {
                long upTo = written.get();
                commit();
                commits.incrementAndGet();
                committed = upTo;
            }
        } finally {
            committer.unlock();
        }
    }

    private static boolean isWrite(Document command) {
        return !command.isEmpty() && WRITE_COMMANDS.contains(command.keySet().iterator().next().toLowerCase());
    }
}
