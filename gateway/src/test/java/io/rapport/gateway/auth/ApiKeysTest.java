package io.rapport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.rapport.gateway.testing.EmbeddedDatabase;
import io.rapport.gateway.testing.TestClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @TempDir
    Path directory;

    private final EmbeddedDatabase database = new EmbeddedDatabase();
    private final ApiKeyStore store = new ApiKeyStore(database.database());

    @AfterEach
    void close() {
        database.close();
    }

    private static ApiKeyProperties properties(String bootstrapKey, Path keyFile) {
        return new ApiKeyProperties(bootstrapKey, keyFile, Duration.ofSeconds(5));
    }

    @Test
    void theBootstrapKeyIsTheOperatorOfTheDefaultWorkspaceAndOthersAreNot() {
        ApiKeys keys = new ApiKeys(properties("s3cret", null), store);

        assertThat(keys.grantFor("s3cret"))
                .contains(new ApiKeys.Grant("default", Set.of("read", "write", "admin"), "bootstrap", true));
        assertThat(keys.grantFor("s3cret ")).isEmpty();
        assertThat(keys.grantFor("")).isEmpty();
    }

    @Test
    void aKeyFileHoldsOnlyHashes() throws Exception {
        Path file = directory.resolve("api-keys");
        Files.writeString(file, "# written by ./rapport up\nacme read,write " + ApiKeyStore.hash("acme-key") + "\n");

        ApiKeys keys = new ApiKeys(properties(null, file), store);

        assertThat(keys.grantFor("acme-key"))
                .contains(new ApiKeys.Grant("acme", Set.of("read", "write"), "file-line-2", true));
        assertThat(Files.readString(file)).doesNotContain("acme-key");
    }

    @Test
    void aBrokenKeyFileStopsTheGatewayRatherThanOpeningIt() throws Exception {
        Path file = directory.resolve("api-keys");
        Files.writeString(file, "acme onlytwofields\n");

        assertThatThrownBy(() -> new ApiKeys(properties(null, file), store))
                .hasMessageContaining("expected '<workspace> <scopes> <sha256>'");
    }

    @Test
    void aKeyMadeThroughTheApiIsStoredOnlyAsItsHashAndGrantsItsScopesInItsWorkspace() {
        ApiKeyStore.NewKey made = store.createKey("acme", "checkout events", Set.of("write"), null);
        ApiKeys keys = new ApiKeys(properties(null, null), store);

        assertThat(made.key()).startsWith("rpk_" + made.record().id() + "_").hasSizeGreaterThan(50);
        assertThat(keys.grantFor(made.key()))
                .contains(new ApiKeys.Grant("acme", Set.of("write"), made.record().id(), false));
        List<Document> stored = database.database().getCollection("api_keys").find().into(new ArrayList<>());
        assertThat(stored).hasSize(1);
        // The secret follows "rpk_<id>_" (it may itself hold an underscore: cut by the prefix, not the last one).
        String secret = made.key().substring(("rpk_" + made.record().id() + "_").length());
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(stored.get(0).toJson()).doesNotContain(secret);
        assertThat(stored.get(0).getString("_id")).isEqualTo(ApiKeyStore.hash(made.key()));
        assertThat(store.byKey(made.key()).orElseThrow().lastUsedAt()).isNotNull();
    }

    @Test
    void aRevokedKeyStopsAtOnceOnItsReplicaAndWithinTheCacheTimeOnAnother() {
        TestClock clock = new TestClock();
        ApiKeys here = new ApiKeys(properties(null, null), store, clock);
        ApiKeys elsewhere = new ApiKeys(properties(null, null), store, clock);
        ApiKeyStore.NewKey made = store.createKey("acme", "crm sync", Set.of("read"), null);
        assertThat(here.grantFor(made.key())).isPresent();
        assertThat(elsewhere.grantFor(made.key())).isPresent();

        store.revoke("acme", made.record().id());
        here.forget(made.record().id());

        assertThat(here.grantFor(made.key())).isEmpty();
        assertThat(elsewhere.grantFor(made.key())).as("still cached").isPresent();
        clock.advance(Duration.ofSeconds(6));
        assertThat(elsewhere.grantFor(made.key())).isEmpty();
    }

    @Test
    void anExpiredKeyIsRefused() {
        TestClock clock = new TestClock();
        ApiKeys keys = new ApiKeys(properties(null, null), store, clock);
        ApiKeyStore.NewKey made = store.createKey("acme", "trial", Set.of("read"), clock.instant().plusSeconds(60));

        assertThat(keys.grantFor(made.key())).isPresent();
        clock.advance(Duration.ofSeconds(66));
        assertThat(keys.grantFor(made.key())).isEmpty();
    }

    @Test
    void anotherWorkspacesKeyIsAsAbsentAsAMissingOne() {
        ApiKeyStore.NewKey made = store.createKey("acme", "crm sync", Set.of("read"), null);

        assertThat(store.byId("acme", made.record().id())).isPresent();
        assertThat(store.byId("globex", made.record().id())).isEmpty();
        assertThat(store.revoke("globex", made.record().id())).isEmpty();
        assertThat(store.byId("acme", made.record().id()).orElseThrow().revokedAt()).isNull();
    }

    @Test
    void keysAreListedPageByPage() {
        for (int i = 0; i < 5; i++) {
            store.createKey("acme", "key " + i, Set.of("read"), null);
        }
        store.createKey("globex", "theirs", Set.of("read"), null);

        ApiKeyStore.Page<ApiKeyStore.KeyRecord> first = store.keys("acme", null, 3);
        ApiKeyStore.Page<ApiKeyStore.KeyRecord> second = store.keys("acme", first.nextCursor(), 3);

        assertThat(first.items()).hasSize(3);
        assertThat(second.items()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
        assertThat(first.items().stream().map(ApiKeyStore.KeyRecord::id))
                .doesNotContainAnyElementsOf(second.items().stream().map(ApiKeyStore.KeyRecord::id).toList());
        assertThat(second.items()).allMatch(k -> k.workspace().equals("acme"));
    }
}
