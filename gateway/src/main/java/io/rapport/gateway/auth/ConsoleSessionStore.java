package io.rapport.gateway.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The console's sessions in the gateway's database ({@code console_sessions}): by the SHA-256 of the session token,
 * with the SHA-256 of the key it was opened with.
 */
@Component
public class ConsoleSessionStore {

    /** A stored session. */
    record StoredSession(String id, String keyHash, Instant createdAt, Instant expiresAt, Instant idleUntil) {
    }

    private final MongoCollection<Document> sessions;

    public ConsoleSessionStore(MongoDatabase database) {
        this.sessions = database.getCollection("console_sessions");
        this.sessions.createIndex(Indexes.ascending("keyHash", "createdAt"));
        this.sessions.createIndex(Indexes.ascending("expiresAt"));
    }

    void insert(StoredSession session, String workspace) {
        sessions.insertOne(new Document("_id", session.id()).append("keyHash", session.keyHash())
                .append("workspace", workspace).append("createdAt", Date.from(session.createdAt()))
                .append("expiresAt", Date.from(session.expiresAt()))
                .append("idleUntil", Date.from(session.idleUntil())));
    }

    Optional<StoredSession> find(String id) {
        return Optional.ofNullable(sessions.find(Filters.eq("_id", id)).first()).map(ConsoleSessionStore::session);
    }

    void idleUntil(String id, Instant idleUntil) {
        sessions.updateOne(Filters.eq("_id", id), Updates.set("idleUntil", Date.from(idleUntil)));
    }

    void delete(String id) {
        sessions.deleteOne(Filters.eq("_id", id));
    }

    /**
     * Drops every session past its lifetime, and the key's sessions idle since before {@code now} and, beyond the
     * newest {@code keep} of the rest, its older ones.
     */
    void endOld(String keyHash, Instant now, int keep) {
        sessions.deleteMany(Filters.lte("expiresAt", Date.from(now)));
        List<Object> ended = new ArrayList<>();
        int live = 0;
        for (Document session : sessions.find(Filters.eq("keyHash", keyHash)).sort(Sorts.descending("createdAt"))) {
            if (!now.isBefore(session.getDate("idleUntil").toInstant()) || live >= keep) {
                ended.add(session.get("_id"));
            } else {
                live++;
            }
        }
        if (!ended.isEmpty()) {
            sessions.deleteMany(Filters.in("_id", ended));
        }
    }

    long countOf(String keyHash) {
        return sessions.countDocuments(Filters.eq("keyHash", keyHash));
    }

    private static StoredSession session(Document document) {
        return new StoredSession(document.getString("_id"), document.getString("keyHash"),
                document.getDate("createdAt").toInstant(), document.getDate("expiresAt").toInstant(),
                document.getDate("idleUntil").toInstant());
    }
}
