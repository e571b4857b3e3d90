package io.rapport.platform.mongo;

import static com.mongodb.client.model.Filters.in;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** Reads documents by their {@code _id}s, a hundred keys a query: each query is a handful of index lookups. */
public final class KeyLookups {

    private static final int KEYS_PER_QUERY = 100;

    private KeyLookups() {
    }

    /** Hands each stored document among {@code ids} to {@code found}; missing ones are left out. */
    public static void forEachById(MongoCollection<Document> collection, Collection<String> ids,
                                   Consumer<Document> found) {
        List<String> keys = ids instanceof List<String> list ? list : new ArrayList<>(ids);
        for (int i = 0; i < keys.size(); i += KEYS_PER_QUERY) {
            collection.find(in("_id", keys.subList(i, Math.min(keys.size(), i + KEYS_PER_QUERY)))).forEach(found);
        }
    }
}
