package io.rapport.messaging.channel;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
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
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * Attempts at sending that are due, kept in MongoDB ({@code message_dispatch}) so a restart loses none: one
 * document per message naming its next attempt and when it is due (now for a first attempt, later for a retry).
 * A claim leases an attempt for a while, so one whose sender died is taken up again once the lease runs out.
 */
public class DispatchQueue {

    /** A due attempt. */
    public record Due(String messageId, int attempt) {
    }

    private final MongoCollection<Document> attempts;

    public DispatchQueue(MongoDatabase database) {
        this.attempts = database.getCollection("message_dispatch");
        // Claims look for what is due: with a real MongoDB this index keeps that cheap however long the queue is.
        attempts.createIndex(Indexes.ascending("due"));
    }

    /** Attempt {@code attempt} of the message is due at {@code due}; an older schedule is replaced, a newer kept. */
    public void schedule(String messageId, int attempt, Instant due) {
        try {
            attempts.updateOne(and(eq("_id", messageId), lt("attempt", attempt)),
                    Updates.combine(Updates.set("attempt", attempt), Updates.set("due", Date.from(due)),
                            Updates.unset("lease")),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // a later attempt is already scheduled: this one is old news
        }
    }

    /**
     * Claims up to {@code limit} due attempts for {@code leaseMillis}, skipping {@code busy} messages; none is claimed
     * twice while leased.
     */
    public List<Due> claim(Instant now, int limit, long leaseMillis, Set<String> busy) {
        Date at = Date.from(now);
        List<Due> claimed = new ArrayList<>();
        for (Document due : attempts.find(and(lte("due", at), or(exists("lease", false), lt("lease", at))))
                .sort(Sorts.ascending("due")).limit(limit + busy.size())) {
            if (claimed.size() == limit || busy.contains(due.getString("_id"))) {
                continue;
            }
            var update = attempts.updateOne(and(eq("_id", due.getString("_id")), eq("attempt", due.getInteger("attempt")),
                            or(exists("lease", false), lt("lease", at))),
                    Updates.set("lease", new Date(at.getTime() + leaseMillis)));
            if (update.getModifiedCount() == 1) {
                claimed.add(new Due(due.getString("_id"), due.getInteger("attempt")));
            }
        }
        return claimed;
    }

    /** The attempt was made; a later one scheduled meanwhile stays. */
    public void done(Due attempt) {
        attempts.deleteOne(and(eq("_id", attempt.messageId()), eq("attempt", attempt.attempt())));
    }
}
