package io.rapport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @TempDir
    Path directory;

    @Test
    void theBootstrapKeyIsAdminOfTheDefaultWorkspaceAndOthersAreNot() {
        ApiKeys keys = new ApiKeys(new ApiKeyProperties("s3cret", null));

        assertThat(keys.grantFor("s3cret")).contains(new ApiKeys.Grant("default", Set.of("read", "write", "admin")));
        assertThat(keys.grantFor("s3cret ")).isEmpty();
        assertThat(keys.grantFor("")).isEmpty();
    }

    @Test
    void aKeyFileHoldsOnlyHashes() throws Exception {
        Path file = directory.resolve("api-keys");
        Files.writeString(file, "# written by ./rapport up\nacme read,write " + ApiKeys.hash("acme-key") + "\n");

        ApiKeys keys = new ApiKeys(new ApiKeyProperties(null, file));

        assertThat(keys.grantFor("acme-key")).contains(new ApiKeys.Grant("acme", Set.of("read", "write")));
        assertThat(Files.readString(file)).doesNotContain("acme-key");
        assertThat(ApiKeys.hash("acme-key")).hasSize(64).isNotEqualTo(ApiKeys.hash("acme-key2"));
    }

    @Test
    void aBrokenKeyFileStopsTheGatewayRatherThanOpeningIt() throws Exception {
        Path file = directory.resolve("api-keys");
        Files.writeString(file, "acme onlytwofields\n");

        assertThatThrownBy(() -> new ApiKeys(new ApiKeyProperties(null, file)))
                .hasMessageContaining("expected '<workspace> <scopes> <sha256>'");
    }
}
