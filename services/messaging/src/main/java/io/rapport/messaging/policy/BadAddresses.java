package io.rapport.messaging.policy;

import static com.mongodb.client.model.Filters.eq;

import java.util.Date;
import java.util.Locale;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.platform.crypto.Digests;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Addresses not to send to again in a workspace, kept as digests so the list holds no readable addresses: one that
 * bounced hard or complained (marked a message as spam) gets nothing more; one that unsubscribed gets no more
 * marketing, whichever customer record it turns up on, but still its receipts.
 */
public class BadAddresses {

    private final MongoCollection<Document> addresses;

    public BadAddresses(MongoDatabase database) {
        this.addresses = database.getCollection("bad_addresses");
    }

    /** Why a message of {@code purpose} must not go to the address, or empty. */
    public Optional<String> refusal(String tenant, String address, MessagePurpose purpose) {
        Document known = addresses.find(eq("_id", key(tenant, address))).first();
        if (known == null) {
            return Optional.empty();
        }
        if (known.getString("undeliverable") != null) {
            return Optional.of("known-bad address: " + known.getString("undeliverable") + " before");
        }
        if (purpose == MessagePurpose.MARKETING && known.getBoolean("unsubscribed", false)) {
            return Optional.of("known-bad address for marketing: unsubscribed before");
        }
        return Optional.empty();
    }

    /** A hard bounce or a complaint: {@code reason} says which. */
    public void markUndeliverable(String tenant, String address, String reason) {
        set(tenant, address, Updates.set("undeliverable", reason));
    }

    public void markUnsubscribed(String tenant, String address) {
        set(tenant, address, Updates.set("unsubscribed", true));
    }

    private void set(String tenant, String address, Bson change) {
        addresses.updateOne(eq("_id", key(tenant, address)), Updates.combine(change, Updates.set("at", new Date())),
                new UpdateOptions().upsert(true));
    }

    private static String key(String tenant, String address) {
        return tenant + "|" + Digests.sha256Hex(address.strip().toLowerCase(Locale.ROOT));
    }
}
