package io.rapport.campaign.query;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A page of a workspace's segments, campaigns or journeys by id ({@code _id} is {@code tenant/id}), after the id a
 * previous page ended with.
 */
final class WorkspacePages {

    /** A page and the id to go on after, null on the last page. */
    record Page<T>(List<T> items, String next) {
    }

    private WorkspacePages() {
    }

    static <T> Page<T> page(MongoCollection<Document> collection, String tenant, String after, int size,
                            Function<Document, T> view, Function<T, String> id) {
        Bson filter = eq("tenant", tenant);
        if (after != null) {
            filter = and(filter, gt("_id", tenant + "/" + after));
        }
        List<Document> found = collection.find(filter).sort(Sorts.ascending("_id")).limit(size + 1)
                .into(new ArrayList<>());
        List<T> items = found.subList(0, Math.min(size, found.size())).stream().map(view).toList();
        return new Page<>(items, found.size() > size ? id.apply(items.get(items.size() - 1)) : null);
    }
}
