package io.rapport.messaging.channel;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rapport.platform.mongo.DueIndex;
import org.bson.Document;

/**
 * Attempts at sending that are due, kept in MongoDB so a restart loses none: {@code message_dispatch} holds one
 * document per message naming its next attempt and when it is due (now for a first attempt, later for a retry), and
 * {@code message_due} (a {@link DueIndex}) an entry per scheduled attempt, so that what is due is a range of keys
 * read in order, a page at a time, however long the queue: every read and write here is by key or by a range of
 * keys. A claim leases an attempt for a while, so one whose sender died is taken up again once the lease runs out.
 */
public class DispatchQueue {

    /** A due attempt, and its entry in the due index. */
    public record Due(String messageId, int attempt, String dueKey) {
    }

    /** Due entries a claim reads at most (busy and leased ones are passed over). */
    private static final int MOST_READ = 2_000;

    private final MongoCollection<Document> attempts;
    private final DueIndex dueIndex;

    public DispatchQueue(MongoDatabase database) {
        this.attempts = database.getCollection("message_dispatch");
        this.dueIndex = new DueIndex(database.getCollection("message_due"));
        indexAttemptsQueuedBefore();
    }

    /** Attempt {@code attempt} of the message is due at {@code due}; an older schedule is replaced, a newer kept. */
    public void schedule(String messageId, int attempt, Instant due) {
        try {
            attempts.updateOne(and(eq("_id", messageId), lt("attempt", attempt)),
                    Updates.combine(Updates.set("attempt", attempt), Updates.set("due", Date.from(due)),
                            Updates.unset("lease")),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
            return; // a later attempt is already scheduled: this one is old news
        }
        index(messageId, attempt, due);
    }

    private void index(String messageId, int attempt, Instant due) {
        dueIndex.add(due, messageId, new Document("attempt", attempt));
    }

    /**
     * Claims up to {@code limit} due attempts for {@code leaseMillis}, skipping {@code busy} messages; none is claimed
     * twice while leased. Entries left by attempts that were made or replaced meanwhile are removed on the way.
     */
    public List<Due> claim(Instant now, int limit, long leaseMillis, Set<String> busy) {
        Date at = Date.from(now);
        List<Due> claimed = new ArrayList<>();
        dueIndex.forEachDue(now, MOST_READ, entry -> {
            String messageId = entry.getString(DueIndex.OF);
            if (busy.contains(messageId)) {
                return true;
            }
            int attempt = entry.getInteger("attempt");
            var update = attempts.updateOne(and(eq("_id", messageId), eq("attempt", attempt),
                            or(exists("lease", false), lt("lease", at))),
                    Updates.set("lease", new Date(at.getTime() + leaseMillis)));
            if (update.getModifiedCount() == 1) {
                claimed.add(new Due(messageId, attempt, entry.getString("_id")));
            } else if (isStale(messageId, attempt)) {
                dueIndex.remove(entry.getString("_id"));
            }
            return claimed.size() < limit;
        });
        return claimed;
    }

    /** The entry names an attempt no longer queued: made, or replaced by a later one. */
    private boolean isStale(String messageId, int attempt) {
        Document queued = attempts.find(eq("_id", messageId)).first();
        return queued == null || queued.getInteger("attempt") != attempt;
    }

    /** The attempt was made; a later one scheduled meanwhile stays. */
    public void done(Due attempt) {
        attempts.deleteOne(and(eq("_id", attempt.messageId()), eq("attempt", attempt.attempt())));
        dueIndex.remove(attempt.dueKey());
    }

    /**
     * Attempts queued before the due index existed (or whose entry was lost between the two writes of a schedule)
     * get their entry: read once, when the service starts.
     */
    private void indexAttemptsQueuedBefore() {
        for (Document queued : attempts.find()) {
            Date due = queued.getDate("due");
            if (due != null) {
                index(queued.getString("_id"), queued.getInteger("attempt"), due.toInstant());
            }
        }
    }

    private static boolean isDuplicate(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
