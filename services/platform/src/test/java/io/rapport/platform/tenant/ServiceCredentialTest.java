package io.rapport.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCredentialTest {

    @TempDir
    Path data;

    private static Metadata carrying(String token) {
        Metadata metadata = new Metadata();
        if (token != null) {
            metadata.put(ServiceCredential.KEY, token);
        }
        return metadata;
    }

    @Test
    void aConfiguredTokenIsTheOneAccepted() {
        ServiceCredential credential = ServiceCredential.resolve("configured-token-0123456789", data);

        assertThat(credential.presentIn(carrying("configured-token-0123456789"))).isTrue();
        assertThat(credential.presentIn(carrying("configured-token-012345678"))).isFalse();
        assertThat(credential.presentIn(carrying(null))).isFalse();
        assertThat(data.resolve("internal-token")).doesNotExist();
    }

    @Test
    void withoutOneEveryProcessSharingTheDataDirectoryAgreesOnAFileMadeOnce() throws Exception {
        ExecutorService processes = Executors.newFixedThreadPool(8);
        List<Future<ServiceCredential>> started = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            started.add(processes.submit(() -> ServiceCredential.resolve(null, data)));
        }
        List<ServiceCredential> credentials = new ArrayList<>();
        for (Future<ServiceCredential> credential : started) {
            credentials.add(credential.get());
        }
        String token = Files.readString(data.resolve("internal-token"));
        assertThat(credentials).allMatch(credential -> credential.presentIn(carrying(token)));
        processes.shutdown();

        assertThat(token).hasSize(64);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("internal-token"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(data)) {
            assertThat(files).containsExactly(data.resolve("internal-token"));
        }
    }

    @Test
    void aWeakTokenIsRefusedAtStart() {
        assertThatThrownBy(() -> ServiceCredential.resolve("short", data)).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> ServiceCredential.resolve("has a space in it 0123", data))
                .hasMessageContaining("visible ASCII");
    }
}
