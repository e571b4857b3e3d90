package io.rapport.platform.mongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process MongoDB-wire-protocol server on a loopback port, so that a service needs nothing but a JDK.
 * The real MongoDB driver talks to it by {@code mongodb://} URI, exactly as it would to a real MongoDB.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    /** H2's own default page cache, in MB. */
    public static final int DEFAULT_CACHE_MB = 16;
    /**
     * Threads serving the driver's connections, each connection kept by one. A write holds its thread until the
     * commit that makes it durable has ended, and so holds up every other connection of that thread meanwhile: with
     * netty's default (two per core, four here) reads waited 20 ms and more behind commits under load.
     */
    private static final int WORKER_THREADS = 32;

    private final MongoServer server;
    private final MongoBackend backend;
    private final String connectionString;
    private final Path dataFile;

    /** Serves {@code backend} on a free loopback port; {@code dataFile} is where it keeps its data, if anywhere. */
    EmbeddedMongoServer(MongoBackend backend, Path dataFile) {
        this.backend = backend;
        this.server = new MongoServer(backend);
        server.bind(new InetSocketAddress("localhost", 0), 1, WORKER_THREADS);
        InetSocketAddress address = server.getLocalAddress();
        this.connectionString = "mongodb://" + address.getHostString() + ":" + address.getPort();
        this.dataFile = dataFile;
    }

    /** Keeps everything in memory: for tests and benchmarks. */
    public static EmbeddedMongoServer inMemory() {
        return new EmbeddedMongoServer(new KeyedMemoryBackend(), null);
    }

    /**
     * Keeps data in one H2 file under {@code directory}, committed before any write is acknowledged. The directory
     * is its owner's alone: the file holds key hashes and the keys that seal personal data.
     */
    public static EmbeddedMongoServer fileBacked(Path directory) {
        return fileBacked(directory, DEFAULT_CACHE_MB);
    }

    /** As {@link #fileBacked(Path)}, keeping up to {@code cacheMb} MB of the file's pages in the heap. */
    public static EmbeddedMongoServer fileBacked(Path directory, int cacheMb) {
        try {
            Files.createDirectories(directory);
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        Path file = directory.resolve("mongo.mv.db").toAbsolutePath();
        return new EmbeddedMongoServer(DurableH2Backend.open(file, cacheMb), file);
    }

    public String connectionString() {
        return connectionString;
    }

    /** The file the data lives in, or {@code null} when in memory. */
    public Path dataFile() {
        return dataFile;
    }

    /**
     * On the file backend, how many queries each collection ({@code database.collection}) answered by reading every
     * document, since the server started; empty in memory.
     */
    public Map<String, Long> collectionScans() {
        return backend instanceof DurableH2Backend file ? file.scans() : Map.of();
    }

    @Override
    public void close() {
        Map<String, Long> scans = new TreeMap<>(collectionScans());
        scans.keySet().removeIf(collection -> collection.contains(".system.") || scans.get(collection) == 0);
        if (!scans.isEmpty()) {
            // Each is a query no unique index could answer: worth a look if the collection is large.
            log.info("Queries answered by reading a whole collection since the start: {}", scans);
        }
        server.shutdownNow();
    }
}
