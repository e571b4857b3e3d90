package io.rapport.platform.mongo;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

/**
 * The H2 file backend, committed before any write is acknowledged.
 *
 * <p>H2's MVStore commits on a one-second timer by default, so a process killed with SIGKILL would lose
 * writes the driver had already been told were stored. Here no write command answers before a commit that
 * holds it has ended, so an acknowledged write survives the death of the process (not of the machine: there is no
 * fsync). Writers share commits (group commit): a writer that finds a commit running waits for it to end, and the
 * next commit then holds every write made meanwhile, so one commit answers many concurrent writes.
 */
final class DurableH2Backend extends H2Backend {

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

    DurableH2Backend(String fileName) {
        super(fileName);
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

    /** Write commands applied so far, and commits that made them durable: fewer commits than writes under load. */
    long writes() {
        return written.get();
    }

    long commits() {
        return commits.get();
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
