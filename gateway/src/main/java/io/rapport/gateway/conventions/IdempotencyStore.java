package io.rapport.gateway.conventions;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.rapport.platform.crypto.Digests;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The responses to POSTs sent with an {@code Idempotency-Key}, in the gateway's database, so that any replica
 * answers a repeat with the first response. A record is claimed before the request runs (so two copies sent at
 * once cannot both run) and completed with the response after it; records expire after a day.
 */
@Component
public class IdempotencyStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

    /** A response kept for replay. */
    public record Response(int status, String contentType, String location, byte[] body) {
    }

    /** What a claim found: nothing (the caller runs the request), or an earlier request with the same key. */
    public record Earlier(String fingerprint, Response response, Instant startedAt) {

        boolean inProgress() {
            return response == null;
        }
    }

    private final MongoCollection<Document> records;
    private final Duration lifetime;
    private final ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "idempotency-purge");
        thread.setDaemon(true);
        return thread;
    });

    public IdempotencyStore(MongoDatabase database, ConventionProperties limits) {
        this.records = database.getCollection("idempotency_keys");
        this.lifetime = limits.idempotencyKeyLifetime();
        purger.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
    }

    /**
     * Claims {@code key} of {@code workspace} for a request with this fingerprint; empty when the caller now owns
     * it. A claim left by a request that never finished (its replica died) is taken over after {@code abandonAfter}.
     */
    public Optional<Earlier> claim(String workspace, String key, String fingerprint, Duration abandonAfter) {
        String id = id(workspace, key);
        Instant now = Instant.now();
        Document claim = new Document("_id", id).append("fingerprint", fingerprint)
                .append("startedAt", Date.from(now)).append("expiresAt", Date.from(now.plus(lifetime)));
        try {
            records.insertOne(claim);
            return Optional.empty();
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document earlier = records.find(Filters.eq("_id", id)).first();
        if (earlier == null) {
            return claim(workspace, key, fingerprint, abandonAfter);
        }
        Instant startedAt = earlier.getDate("startedAt").toInstant();
        boolean expired = earlier.getDate("expiresAt").toInstant().isBefore(now);
        boolean abandoned = earlier.get("status") == null && startedAt.plus(abandonAfter).isBefore(now);
        if (expired || abandoned) {
            // Take it over only if nobody else did in between.
            long replaced = records.replaceOne(Filters.and(Filters.eq("_id", id),
                    Filters.eq("startedAt", earlier.getDate("startedAt"))), claim).getModifiedCount();
            return replaced == 1 ? Optional.empty() : claim(workspace, key, fingerprint, abandonAfter);
        }
        Response response = earlier.get("status") == null ? null : new Response(earlier.getInteger("status"),
                earlier.getString("contentType"), earlier.getString("location"),
                earlier.get("body", Binary.class).getData());
        return Optional.of(new Earlier(earlier.getString("fingerprint"), response, startedAt));
    }

    public void complete(String workspace, String key, Response response) {
        records.updateOne(Filters.eq("_id", id(workspace, key)), Updates.combine(
                Updates.set("status", response.status()),
                Updates.set("contentType", response.contentType()),
                Updates.set("location", response.location()),
                Updates.set("body", new Binary(response.body()))));
    }

    /** Gives the key up: the request failed in a way a retry may mend, so a retry must run it again. */
    public void release(String workspace, String key) {
        records.deleteOne(Filters.eq("_id", id(workspace, key)));
    }

    void purge() {
        try {
            long purged = records.deleteMany(Filters.lt("expiresAt", new Date())).getDeletedCount();
            if (purged > 0) {
                log.info("Forgot {} expired idempotency keys", purged);
            }
        } catch (RuntimeException e) {
            log.warn("Could not purge expired idempotency keys; will try again", e);
        }
    }

    private static String id(String workspace, String key) {
        return Digests.sha256Hex(workspace + "\n" + key);
    }

    @Override
    public void close() {
        purger.shutdownNow();
    }
}
