package io.rapport.gateway.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.rapport.platform.crypto.Digests;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The console's sign-ins: an API key exchanged for a random session token that the browser keeps in an HttpOnly
 * cookie. The gateway's database keeps the token's SHA-256 and the key's (never either text), so every replica
 * knows the session; each call asks {@link ApiKeys} for the key's grant again, so a revoked key ends its sessions.
 * A session ends at sign-out, after {@code rapport.console.session-idle} without a call (30 min) and at the latest
 * {@code rapport.console.session-lifetime} after sign-in (8 h). One key holds at most {@value #MAX_PER_KEY}
 * sessions: a new sign-in ends its oldest.
 */
@Component
public class ConsoleSessions {

    static final int MAX_PER_KEY = 20;
    /** Longer than any token this class makes: a longer one is not looked up. */
    private static final int MAX_TOKEN = 100;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A session's idle deadline is moved on at most this often, not written at every call. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A session just opened: its token (this once), what the key may do, and when the session ends at the latest. */
    public record Opened(String token, ApiKeys.Grant grant, Instant expiresAt) {
    }

    /** The session a call came with. */
    public record Session(ApiKeys.Grant grant, Instant expiresAt) {
    }

    private final ConsoleSessionStore store;
    private final ApiKeys keys;
    private final Duration idle;
    private final Duration lifetime;
    private final Clock clock;

    @Autowired
    public ConsoleSessions(ConsoleSessionStore store, ApiKeys keys,
                           @Value("${rapport.console.session-idle:30m}") Duration idle,
                           @Value("${rapport.console.session-lifetime:8h}") Duration lifetime) {
        this(store, keys, idle, lifetime, Clock.systemUTC());
    }

    ConsoleSessions(ConsoleSessionStore store, ApiKeys keys, Duration idle, Duration lifetime, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.idle = idle;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new session for a valid key; empty for a key that is unknown, revoked or expired. */
    public Optional<Opened> open(String key) {
        String keyHash = ApiKeyStore.hash(key);
        Optional<ApiKeys.Grant> grant = keys.grantForHash(keyHash);
        if (grant.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        store.endOld(keyHash, now, MAX_PER_KEY - 1);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = now.plus(lifetime);
        store.insert(new ConsoleSessionStore.StoredSession(Digests.sha256Hex(token), keyHash, now, expiresAt,
                now.plus(idle)), grant.get().workspace());
        return Optional.of(new Opened(token, grant.get(), expiresAt));
    }

    /** The live session of a token, its idle deadline moved on; empty when it ended or its key no longer works. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        Optional<ConsoleSessionStore.StoredSession> stored = store.find(Digests.sha256Hex(token));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSessionStore.StoredSession session = stored.get();
        Instant now = clock.instant();
        Optional<ApiKeys.Grant> grant = now.isBefore(session.expiresAt()) && now.isBefore(session.idleUntil())
                ? keys.grantForHash(session.keyHash()) : Optional.empty();
        if (grant.isEmpty()) {
            store.delete(session.id());
            return Optional.empty();
        }
        if (session.idleUntil().minus(idle).plus(TOUCH_EVERY).isBefore(now)) {
            store.idleUntil(session.id(), now.plus(idle));
        }
        return Optional.of(new Session(grant.get(), session.expiresAt()));
    }

    /** Ends a session (sign-out); nothing happens for an unknown token. */
    public void close(String token) {
        if (token != null && !token.isEmpty() && token.length() <= MAX_TOKEN) {
            store.delete(Digests.sha256Hex(token));
        }
    }
}
