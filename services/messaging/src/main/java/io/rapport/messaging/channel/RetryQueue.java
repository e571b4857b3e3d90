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
 * Retries that are due, kept in MongoDB ({@code message_retries}) so a restart loses none: one document per
 * message naming its next attempt and when it is due. A claim leases a retry for a while, so a retry whose sender
 * died is picked up again once the lease runs out.
 */
public class RetryQueue {

    /** A due retry. */
    public record Due(String messageId, int attempt) {
    }

    private final MongoCollection<Document> retries;

    public RetryQueue(MongoDatabase database) {
        this.retries = database.getCollection("message_retries");
        retries.createIndex(Indexes.ascending("due"));
    }

    /** Attempt {@code attempt} of the message is due at {@code due}; an older schedule is replaced, a newer kept. */
    public void schedule(String messageId, int attempt, Instant due) {
        try {
            retries.updateOne(and(eq("_id", messageId), lt("attempt", attempt)),
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

    /** Claims up to {@code limit} due retries for {@code leaseMillis}; none is claimed twice while leased. */
    public List<Due> claim(Instant now, int limit, long leaseMillis) {
        Date at = Date.from(now);
        List<Due> claimed = new ArrayList<>();
        for (Document due : retries.find(and(lte("due", at), or(exists("lease", false), lt("lease", at))))
                .sort(Sorts.ascending("due")).limit(limit)) {
            var update = retries.updateOne(and(eq("_id", due.getString("_id")), eq("attempt", due.getInteger("attempt")),
                            or(exists("lease", false), lt("lease", at))),
                    Updates.set("lease", new Date(at.getTime() + leaseMillis)));
            if (update.getModifiedCount() == 1) {
                claimed.add(new Due(due.getString("_id"), due.getInteger("attempt")));
            }
        }
        return claimed;
    }

    /** The retry was made; a later attempt scheduled meanwhile stays. */
    public void done(Due retry) {
        retries.deleteOne(and(eq("_id", retry.messageId()), eq("attempt", retry.attempt())));
    }
}
