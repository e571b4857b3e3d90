package io.rapport.platform.mongo;

import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

/**
 * The H2 file backend, committed after every write.
 *
 * <p>H2's MVStore commits on a one-second timer by default, so a process killed with SIGKILL would lose
 * writes the driver had already been told were stored. Committing after each write command makes an
 * acknowledged write survive the death of the process (not of the machine: there is no fsync).
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "renamecollection", "create");

    DurableH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return super.handleMessage(message);
        } finally {
            if (isWrite(message.getDocument())) {
                commit();
            }
        }
    }

    private static boolean isWrite(Document command) {
        return !command.isEmpty() && WRITE_COMMANDS.contains(command.keySet().iterator().next().toLowerCase());
    }
}
