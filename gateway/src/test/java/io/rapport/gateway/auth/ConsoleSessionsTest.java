package io.rapport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.rapport.gateway.testing.EmbeddedDatabase;
import io.rapport.gateway.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {

    private final EmbeddedDatabase database = new EmbeddedDatabase();
    private final ApiKeyStore store = new ApiKeyStore(database.database());
    private final TestClock clock = new TestClock();
    private final ApiKeys keys = new ApiKeys(new ApiKeyProperties(null, null, Duration.ofSeconds(5)), store, clock);
    private final ConsoleSessionStore sessionStore = new ConsoleSessionStore(database.database());
    private final ConsoleSessions sessions = new ConsoleSessions(sessionStore, keys, Duration.ofMinutes(30),
            Duration.ofHours(8), clock);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aSessionKeepsNeitherTheKeyNorTheTokenAndAnswersWithTheKeysGrant() {
        var key = store.createKey("acme", "console", Set.of("read", "write"), null);
        var opened = sessions.open(key.key()).orElseThrow();

        assertThat(opened.token()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(opened.grant().workspace()).isEqualTo("acme");
        assertThat(sessions.find(opened.token()).orElseThrow().grant().scopes()).containsExactlyInAnyOrder("read", "write");
        String stored = database.database().getCollection("console_sessions").find().first().toJson();
        assertThat(stored).doesNotContain(opened.token()).doesNotContain(key.key());
        assertThat(sessions.open("rpk_nobody_x")).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("x".repeat(10_000))).isEmpty();
    }

    @Test
    void aSessionEndsWhenIdleAtTheEndOfItsLifetimeAtSignOutAndWithItsKey() {
        var key = store.createKey("acme", "console", Set.of("read"), null);
        String idle = sessions.open(key.key()).orElseThrow().token();
        String busy = sessions.open(key.key()).orElseThrow().token();
        String signedOut = sessions.open(key.key()).orElseThrow().token();

        sessions.close(signedOut);
        assertThat(sessions.find(signedOut)).isEmpty();
        for (int i = 0; i < 23; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.find(busy)).as("after %d minutes of use", (i + 1) * 20).isPresent();
        }
        assertThat(sessions.find(idle)).isEmpty();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(busy)).as("past its 8 hours").isEmpty();

        String another = sessions.open(key.key()).orElseThrow().token();
        store.revoke("acme", key.record().id());
        clock.advance(Duration.ofSeconds(6));
        assertThat(sessions.find(another)).as("its key revoked").isEmpty();
    }

    @Test
    void aKeyHoldsAtMostTwentySessionsAndEndedOnesAreDropped() {
        var key = store.createKey("acme", "console", Set.of("read"), null);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < ConsoleSessions.MAX_PER_KEY + 5; i++) {
            tokens.add(sessions.open(key.key()).orElseThrow().token());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(sessionStore.countOf(ApiKeyStore.hash(key.key()))).isEqualTo(ConsoleSessions.MAX_PER_KEY);
        assertThat(sessions.find(tokens.get(0))).as("the oldest").isEmpty();
        assertThat(sessions.find(tokens.get(tokens.size() - 1))).as("the newest").isPresent();

        clock.advance(Duration.ofHours(9));
        var other = store.createKey("acme", "other", Set.of("read"), null);
        sessions.open(other.key());
        assertThat(database.database().getCollection("console_sessions").countDocuments())
                .as("every session past its lifetime dropped").isEqualTo(1);
    }
}
