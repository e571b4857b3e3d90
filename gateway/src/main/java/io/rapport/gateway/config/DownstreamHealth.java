package io.rapport.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway is ready only while the services behind it are: each one's standard gRPC health is asked (2 s
 * deadline) and the indicator is DOWN, naming which, when any does not answer SERVING. Part of the readiness group
 * only: a service being down must take the gateway out of rotation, not restart it.
 */
@Component("downstream")
public class DownstreamHealth implements HealthIndicator {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final List<String> SERVICES = List.of("relationship", "campaign", "messaging");

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    public DownstreamHealth(GrpcChannelFactory channels) {
        for (String service : SERVICES) {
            this.channels.put(service, channels.createChannel(service));
        }
    }

    @Override
    public Health health() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, ManagedChannel> service : channels.entrySet()) {
            ManagedChannel channel = service.getValue();
            if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
                // A service that was down is asked again now, not after the channel's reconnect backoff.
                channel.resetConnectBackoff();
            }
            String state;
            try {
                state = HealthGrpc.newBlockingStub(channel).withWaitForReady().withDeadlineAfter(DEADLINE)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus().name();
            } catch (StatusRuntimeException e) {
                state = "UNREACHABLE (" + e.getStatus().getCode() + ")";
            }
            up &= HealthCheckResponse.ServingStatus.SERVING.name().equals(state);
            states.put(service.getKey(), state);
        }
        return (up ? Health.up() : Health.down()).withDetails(states).build();
    }
}
