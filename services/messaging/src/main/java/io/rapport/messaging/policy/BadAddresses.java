package io.rapport.messaging.policy;

import static com.mongodb.client.model.Filters.eq;

import java.util.Date;
import java.util.Locale;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import io.rapport.platform.crypto.Digests;
import org.bson.Document;

/**
 * Addresses not to send to again in a workspace (hard bounces, complaints, unsubscribes), kept as digests so the
 * list holds no readable addresses.
 */
public class BadAddresses {

    private final MongoCollection<Document> addresses;

    public BadAddresses(MongoDatabase database) {
        this.addresses = database.getCollection("bad_addresses");
    }

    public boolean isBad(String tenant, String address) {
        return addresses.find(eq("_id", key(tenant, address))).first() != null;
    }

    public void add(String tenant, String address, String reason) {
        String key = key(tenant, address);
        addresses.replaceOne(eq("_id", key), new Document("_id", key).append("reason", reason)
                .append("at", new Date()), new ReplaceOptions().upsert(true));
    }

    private static String key(String tenant, String address) {
        return tenant + "|" + Digests.sha256Hex(address.strip().toLowerCase(Locale.ROOT));
    }
}
