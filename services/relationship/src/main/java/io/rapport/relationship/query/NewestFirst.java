package io.rapport.relationship.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Pages of a workspace's records newest first, by a time field and then id. A page's token is the time and id of
 * its last record, so records added meanwhile neither repeat nor push others off a page.
 */
public final class NewestFirst {

    /** What a page token looks like: epoch milliseconds, a bar, an id. */
    private static final Pattern TOKEN = Pattern.compile("\\d{1,18}\\|.+");

    /** A page; {@code nextPageToken} is null on the last. */
    public record Page<T>(List<T> items, String nextPageToken) {
    }

    private NewestFirst() {
    }

    /**
     * @param timeField the records' time field (a date)
     * @param pageToken a previous page's token, or null for the first page
     * @param timeOf    the time of a record as read, for the next token
     * @throws IllegalArgumentException for a page token not made here
     */
    public static <T> Page<T> page(MongoCollection<Document> records, String tenant, String timeField, int size,
                                   String pageToken, Function<Document, T> read, Function<T, Instant> timeOf,
                                   Function<T, String> idOf) {
        Bson filter = eq("tenant", tenant);
        if (pageToken != null) {
            if (!TOKEN.matcher(pageToken).matches()) {
                throw new IllegalArgumentException("cursor: not a cursor from this list");
            }
            String[] last = pageToken.split("\\|", 2);
            Date time = new Date(Long.parseLong(last[0]));
            filter = and(filter, or(lt(timeField, time), and(eq(timeField, time), lt("_id", last[1]))));
        }
        List<T> page = new ArrayList<>();
        records.find(filter).sort(Sorts.descending(timeField, "_id")).limit(size + 1)
                .forEach(document -> page.add(read.apply(document)));
        if (page.size() <= size) {
            return new Page<>(page, null);
        }
        T last = page.get(size - 1);
        return new Page<>(List.copyOf(page.subList(0, size)),
                timeOf.apply(last).toEpochMilli() + "|" + idOf.apply(last));
    }
}
