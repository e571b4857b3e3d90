package io.rapport.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckResponse;
import io.rapport.platform.testing.GrpcHealth;
import io.rapport.platform.testing.TestCredential;
import org.junit.jupiter.api.Test;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;

/** The messaging service starts on its own embedded store and reports healthy over gRPC. */
@SpringBootTest(properties = {TestCredential.PROPERTY, "rapport.mongodb.embedded=memory", "spring.grpc.server.port=0", "server.port=0"})
class MessagingApplicationIT {

    @LocalGrpcServerPort
    int port;

    @Test
    void startsAndReportsServing() throws Exception {
        assertThat(GrpcHealth.check(port)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
