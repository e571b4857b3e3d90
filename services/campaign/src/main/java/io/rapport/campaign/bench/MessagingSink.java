package io.rapport.campaign.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import io.rapport.proto.messaging.v1.SendMessageRequest;
import io.rapport.proto.messaging.v1.SendMessageResponse;

/**
 * The messaging service's gRPC contract answered by a sink that counts send requests and accepts each: what the
 * campaign service can hand over, apart from what messaging then does with it (its own benchmark).
 */
final class MessagingSink implements AutoCloseable {

    private final Server server;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong first = new AtomicLong();
    private final AtomicLong last = new AtomicLong();

    MessagingSink() throws IOException {
        server = ServerBuilder.forPort(0).addService(new MessagingServiceGrpc.MessagingServiceImplBase() {
            @Override
            public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> response) {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
                requests.incrementAndGet();
                response.onNext(SendMessageResponse.newBuilder().setMessageId(request.getIdempotencyKey())
                        .setState("RENDERED").build());
                response.onCompleted();
            }
        }).build().start();
    }

    int port() {
        return server.getPort();
    }

    long requests() {
        return requests.get();
    }

    /** Seconds from the first request to the latest. */
    double seconds() {
        return (last.get() - first.get()) / 1e9;
    }

    @Override
    public void close() {
        try {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
