package io.rapport.messaging.policy;

import static com.mongodb.client.model.Filters.eq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

/** When each customer was last sent marketing messages, kept in MongoDB so the cap survives restarts. */
public class MarketingSends {

    private final MongoCollection<Document> sends;

    public MarketingSends(MongoDatabase database) {
        this.sends = database.getCollection("marketing_sends");
    }

    /** The customer's marketing sends after {@code since}, oldest first. */
    List<Instant> since(String customer, Instant since) {
        Document document = sends.find(eq("_id", customer)).first();
        List<Instant> recent = new ArrayList<>();
        if (document != null) {
            for (Date at : document.getList("at", Date.class)) {
                if (at.toInstant().isAfter(since)) {
                    recent.add(at.toInstant());
                }
            }
        }
        return recent;
    }

    void save(String customer, List<Instant> recent) {
        sends.replaceOne(eq("_id", customer), new Document("_id", customer)
                .append("at", recent.stream().map(Date::from).toList()), new ReplaceOptions().upsert(true));
    }
}
