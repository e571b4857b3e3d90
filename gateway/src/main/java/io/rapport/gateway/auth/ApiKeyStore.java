package io.rapport.gateway.auth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rapport.platform.crypto.Digests;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * Workspaces and their API keys in the gateway's own database. A key is kept only as the SHA-256 of its
 * text ({@code _id}); the text itself exists once, in the answer to its creation. Keys are revoked, never
 * deleted, so the list keeps who had access and until when.
 */
@Component
public class ApiKeyStore {

    /** A stored key as listed: never its text. */
    public record KeyRecord(String id, String workspace, String name, Set<String> scopes, Instant createdAt,
                            Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {

        boolean usableAt(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    /** A key just made: its record and, this once, its text. */
    public record NewKey(KeyRecord record, String key) {
    }

    public record Workspace(String id, String name, Instant createdAt) {
    }

    public record Page<T>(List<T> items, String nextCursor) {
    }

    private static final String KEY_PREFIX = "rpk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> keys;
    private final MongoCollection<Document> workspaces;

    public ApiKeyStore(MongoDatabase database) {
        this.keys = database.getCollection("api_keys");
        this.workspaces = database.getCollection("workspaces");
        keys.createIndex(Indexes.ascending("keyId"), new IndexOptions().unique(true));
        // The operator's own workspace exists from the start; its keys come from configuration.
        workspaces.updateOne(Filters.eq("_id", "default"), Updates.combine(Updates.setOnInsert("name", "Default"),
                Updates.setOnInsert("createdAt", new Date())), new UpdateOptions().upsert(true));
    }

    /** A new workspace; empty when one with this id exists already. */
    public Optional<Workspace> createWorkspace(String id, String name) {
        Instant now = Instant.now();
        try {
            workspaces.insertOne(new Document("_id", id).append("name", name).append("createdAt", Date.from(now)));
            return Optional.of(new Workspace(id, name, now));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public Optional<Workspace> workspace(String id) {
        return Optional.ofNullable(workspaces.find(Filters.eq("_id", id)).first()).map(ApiKeyStore::workspace);
    }

    public Page<Workspace> workspaces(String after, int limit) {
        Bson filter = after == null ? new Document() : Filters.gt("_id", after);
        List<Workspace> page = new ArrayList<>();
        workspaces.find(filter).sort(Sorts.ascending("_id")).limit(limit + 1)
                .forEach(document -> page.add(workspace(document)));
        return page(page, limit, Workspace::id);
    }

    public NewKey createKey(String workspace, String name, Set<String> scopes, Instant expiresAt) {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String key = KEY_PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now();
        Document document = new Document("_id", hash(key))
                .append("keyId", keyId)
                .append("workspace", workspace)
                .append("name", name)
                .append("scopes", List.copyOf(new TreeSet<>(scopes)))
                .append("createdAt", Date.from(now))
                .append("expiresAt", expiresAt == null ? null : Date.from(expiresAt))
                .append("revokedAt", null)
                .append("lastUsedAt", null);
        keys.insertOne(document);
        return new NewKey(record(document), key);
    }

    /** The key with this text, if any (revoked and expired ones included: the caller decides). */
    public Optional<KeyRecord> byKey(String key) {
        return byHash(hash(key));
    }

    /** The key whose text has this SHA-256. */
    Optional<KeyRecord> byHash(String hash) {
        return Optional.ofNullable(keys.find(Filters.eq("_id", hash)).first()).map(ApiKeyStore::record);
    }

    /** The key with this id in this workspace; another workspace's key is as absent as a missing one. */
    public Optional<KeyRecord> byId(String workspace, String keyId) {
        return Optional.ofNullable(keys.find(Filters.eq("keyId", keyId)).first()).map(ApiKeyStore::record)
                .filter(record -> record.workspace().equals(workspace));
    }

    public Page<KeyRecord> keys(String workspace, String after, int limit) {
        Bson filter = after == null ? Filters.eq("workspace", workspace)
                : Filters.and(Filters.eq("workspace", workspace), Filters.gt("keyId", after));
        List<KeyRecord> page = new ArrayList<>();
        keys.find(filter).sort(Sorts.ascending("keyId")).limit(limit + 1).forEach(d -> page.add(record(d)));
        return page(page, limit, KeyRecord::id);
    }

    /** Revokes the key (a second revocation keeps the first time); empty when the workspace has no such key. */
    public Optional<KeyRecord> revoke(String workspace, String keyId) {
        if (byId(workspace, keyId).isEmpty()) {
            return Optional.empty();
        }
        keys.updateOne(Filters.and(Filters.eq("keyId", keyId), Filters.eq("revokedAt", null)),
                Updates.set("revokedAt", new Date()));
        return byId(workspace, keyId);
    }

    void markUsed(String keyId, Instant at) {
        keys.updateOne(Filters.eq("keyId", keyId), Updates.set("lastUsedAt", Date.from(at)));
    }

    static String hash(String key) {
        return Digests.sha256Hex(key);
    }

    private static <T> Page<T> page(List<T> items, int limit, java.util.function.Function<T, String> cursorOf) {
        if (items.size() <= limit) {
            return new Page<>(items, null);
        }
        List<T> shown = items.subList(0, limit);
        return new Page<>(List.copyOf(shown), cursorOf.apply(shown.get(limit - 1)));
    }

    private static Workspace workspace(Document document) {
        return new Workspace(document.getString("_id"), document.getString("name"),
                document.getDate("createdAt").toInstant());
    }

    private static KeyRecord record(Document document) {
        return new KeyRecord(document.getString("keyId"), document.getString("workspace"),
                document.getString("name"), Set.copyOf(document.getList("scopes", String.class)),
                document.getDate("createdAt").toInstant(), instant(document.getDate("expiresAt")),
                instant(document.getDate("revokedAt")), instant(document.getDate("lastUsedAt")));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
