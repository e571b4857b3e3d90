package io.rapport.messaging.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.messaging.v1.GetMessageRequest;
import io.rapport.proto.messaging.v1.Message;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import org.awaitility.Awaitility;

/** A workspace's gRPC client of a messaging service under test, over a real socket. */
final class MessagingTestClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final String tenant;

    MessagingTestClient(int port, String tenant) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .intercept(TestCredential.interceptor()).build();
        this.tenant = tenant;
    }

    MessagingServiceGrpc.MessagingServiceBlockingStub stub() {
        Metadata metadata = new Metadata();
        metadata.put(Tenancy.TENANT_KEY, tenant);
        return MessagingServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(Duration.ofSeconds(20));
    }

    Message message(String key) {
        return stub().getMessage(GetMessageRequest.newBuilder().setMessageId(key).build()).getMessage();
    }

    /** The message once it is in {@code state}; fails after 20 seconds of waiting. */
    Message awaitState(String key, String state) {
        return await(key, message -> message.getState().equals(state));
    }

    /** The message once {@code condition} holds for it; fails after 20 seconds of waiting. */
    Message await(String key, Predicate<Message> condition) {
        return Awaitility.await("message " + key).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> message(key), condition::test);
    }

    @Override
    public void close() {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
