package io.rapport.platform.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

/**
 * What is due when, as a collection whose ids start with the due time ({@code "<epoch millis, 13 digits>/<id>"}):
 * what is due by now is a range of ids, read in due order from the id index a page at a time, however many entries
 * wait. The embedded server answers only such ranges without reading the whole collection (it cannot use a
 * compound index on state and time), and a real MongoDB answers them from its id index too.
 *
 * <p>An entry names something kept elsewhere (a queued attempt, a journey run) that is the truth: one whose thing
 * has moved on is stale, and whoever reads it removes it. So a reschedule adds an entry and leaves the old one.
 */
public final class DueIndex {

    /** The field an entry keeps its due time in, as epoch millis. */
    public static final String AT = "at";
    /** The field an entry keeps the id it names in. */
    public static final String OF = "of";
    /** Marks an index whose store's earlier entries were added; '~' sorts after every due key, so no range holds it. */
    private static final String BACKFILLED = "~backfilled";
    /** Entries read at a time. */
    private static final int PAGE = 500;

    private final MongoCollection<Document> entries;

    public DueIndex(MongoCollection<Document> entries) {
        this.entries = entries;
    }

    /** An entry for {@code id} due at {@code due}, with {@code fields}; there already, nothing. Returns its key. */
    public String add(Instant due, String id, Document fields) {
        String key = key(due, id);
        try {
            entries.insertOne(new Document(fields).append("_id", key).append(AT, due.toEpochMilli()).append(OF, id));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        return key;
    }

    /**
     * Hands the entries due by {@code now} to {@code each}, soonest first, read a page at a time, until it answers
     * false or {@code most} entries were read. Each has its key as {@code _id}, {@link #OF}, {@link #AT} and the
     * fields it was added with.
     */
    public void forEachDue(Instant now, int most, Predicate<Document> each) {
        String end = key(now.plusMillis(1), "");
        String after = null;
        int read = 0;
        while (read < most) {
            int page = Math.min(PAGE, most - read);
            List<Document> due = entries.find(after == null ? lt("_id", end)
                            : and(gt("_id", after), lt("_id", end)))
                    .sort(Sorts.ascending("_id")).limit(page).into(new ArrayList<>(page));
            for (Document entry : due) {
                if (!each.test(entry)) {
                    return;
                }
            }
            read += due.size();
            if (due.size() < page) {
                return;
            }
            after = due.get(due.size() - 1).getString("_id");
        }
    }

    public void remove(String key) {
        entries.deleteOne(eq("_id", key));
    }

    /** Removes the entry for {@code id} due at {@code due}. */
    public void remove(Instant due, String id) {
        remove(key(due, id));
    }

    /**
     * Runs {@code addExisting} unless it has run to its end on this collection before: for a store that held what is
     * due before it had this index. Once done, a start reads nothing more than one key.
     */
    public void backfillOnce(Runnable addExisting) {
        if (entries.find(eq("_id", BACKFILLED)).first() != null) {
            return;
        }
        addExisting.run();
        entries.replaceOne(eq("_id", BACKFILLED), new Document("_id", BACKFILLED), new ReplaceOptions().upsert(true));
    }

    static String key(Instant due, String id) {
        return String.format(Locale.ROOT, "%013d/%s", Math.max(0, due.toEpochMilli()), id);
    }
}
