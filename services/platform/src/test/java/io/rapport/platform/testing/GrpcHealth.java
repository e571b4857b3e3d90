package io.rapport.platform.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;

/** Asks a service's standard gRPC health service how it is, over a real socket. */
public final class GrpcHealth {

    private GrpcHealth() {
    }

    /** Whether the service on {@code port} answers SERVING within {@code seconds} (a process starting up). */
    public static boolean awaitServing(int port, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (check(port) == HealthCheckResponse.ServingStatus.SERVING) {
                    return true;
                }
            } catch (StatusRuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    public static HealthCheckResponse.ServingStatus check(int port) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10))
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
