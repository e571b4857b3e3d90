package io.rapport.messaging.policy;

import static com.mongodb.client.model.Filters.eq;

import java.time.Duration;
import java.time.LocalTime;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

/**
 * Each workspace's sending rules ({@code workspace_settings}): its marketing cap and quiet hours. A workspace that
 * never set them has the service's defaults.
 */
public class WorkspaceSettings {

    /** {@code count} marketing messages per customer in any {@code window}; quiet hours in the customer's zone. */
    public record Settings(int capCount, Duration capWindow, LocalTime quietFrom, LocalTime quietUntil) {

        public static final int MAX_CAP = 100;
        public static final Duration MIN_WINDOW = Duration.ofHours(1);
        public static final Duration MAX_WINDOW = Duration.ofDays(90);

        public Settings {
            if (capCount < 0 || capCount > MAX_CAP) {
                throw new IllegalArgumentException("marketingCap.count: 0 (no marketing) to " + MAX_CAP);
            }
            if (capWindow.compareTo(MIN_WINDOW) < 0 || capWindow.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("marketingCap.window: 1 hour to 90 days");
            }
        }
    }

    private final MongoCollection<Document> settings;
    private final Settings defaults;

    public WorkspaceSettings(MongoDatabase database, Settings defaults) {
        this.settings = database.getCollection("workspace_settings");
        this.defaults = defaults;
    }

    public Settings of(String tenant) {
        Document document = settings.find(eq("_id", tenant)).first();
        if (document == null) {
            return defaults;
        }
        return new Settings(document.getInteger("capCount"), Duration.ofSeconds(document.getLong("capWindowSeconds")),
                LocalTime.parse(document.getString("quietFrom")), LocalTime.parse(document.getString("quietUntil")));
    }

    public void save(String tenant, Settings value) {
        settings.replaceOne(eq("_id", tenant), new Document("_id", tenant).append("capCount", value.capCount())
                .append("capWindowSeconds", value.capWindow().toSeconds())
                .append("quietFrom", value.quietFrom().toString()).append("quietUntil", value.quietUntil().toString()),
                new ReplaceOptions().upsert(true));
    }
}
