package io.rapport.relationship.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.relationship.query.ActiveViews;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;

/** The real relationship service on the embedded store, called over a real gRPC socket. */
@SpringBootTest(properties = {TestCredential.PROPERTY, "rapport.mongodb.embedded=memory", "spring.grpc.server.port=0", "server.port=0",
        // Small, so that the tests read customers whose aggregates have snapshots (time travel, merges, rebuilds).
        "rapport.relationship.snapshot-every=3"})
abstract class RelationshipServiceSupport {

    @LocalGrpcServerPort
    int port;

    @Autowired
    MongoDatabase database;

    @Autowired
    ActiveViews activeViews;

    protected ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .intercept(TestCredential.interceptor()).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static Metadata tenantHeader(String tenant) {
        Metadata metadata = new Metadata();
        metadata.put(Tenancy.TENANT_KEY, tenant);
        return metadata;
    }

    RelationshipServiceGrpc.RelationshipServiceBlockingStub client(String tenant) {
        return RelationshipServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader(tenant)))
                .withDeadlineAfter(Duration.ofSeconds(60));
    }

    /** The customer's relationship once it reflects {@code version} events (not found meanwhile is waited out). */
    Relationship awaitRelationship(String tenant, String customer, long version) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsMatching(e -> e instanceof StatusRuntimeException notYet
                        && notYet.getStatus().getCode() == Status.Code.NOT_FOUND)
                .until(() -> client(tenant).getRelationship(GetRelationshipRequest.newBuilder().setCustomerId(customer)
                        .build()).getRelationship(), relationship -> relationship.getVersion() >= version);
    }

    /**
     * Waits until the views processor has stored a customer's view up to {@code version}: what streams, lists, fits
     * and rebuilds read. (A single customer's read does not wait for it: it folds what the view lacks from the store.)
     */
    void awaitStoredView(String tenant, String customer, long version) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            Document view = storedView(tenant, customer);
            return view != null && view.get("lastSequence", Number.class).longValue() + 1 >= version;
        });
    }

    /** A customer's view as the views processor stored it; null before it has. */
    Document storedView(String tenant, String customer) {
        return database.getCollection(activeViews.collection()).find(new Document("_id", tenant + "/" + customer))
                .first();
    }

    /** The view without the time it was read at, to compare views read at different moments. */
    static Relationship withoutReadTime(Relationship relationship) {
        return relationship.toBuilder().clearReadTime().build();
    }
}
