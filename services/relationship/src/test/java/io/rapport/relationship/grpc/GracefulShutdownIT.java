package io.rapport.relationship.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.platform.testing.ServiceProcess;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;
import io.rapport.relationship.RelationshipApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relationship service, a real process on a file-backed store, gets SIGTERM (what Kubernetes sends) while a
 * client is part-way through reading a stream of every customer's view: the stream is finished to the last view,
 * calls arriving meanwhile are refused at once, and then the process exits.
 */
class GracefulShutdownIT {

    private static final int CUSTOMERS = 400;

    @TempDir
    Path dataDir;

    @Test
    void anInFlightCallFinishesOnSigtermAndNewOnesAreRefused() throws Exception {
        int port = ServiceProcess.freePort();
        Process service = ServiceProcess.start(RelationshipApplication.class, port, "graceful-shutdown",
                "--rapport.mongodb.data-dir=" + dataDir);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .intercept(TestCredential.interceptor()).build();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            var stub = Tenancy.callingAs(RelationshipServiceGrpc.newBlockingStub(channel), "acme");
            RecordInteractionsRequest.Builder batch = RecordInteractionsRequest.newBuilder();
            for (int i = 0; i < CUSTOMERS; i++) {
                batch.addInteractions(Interaction.newBuilder().setCustomerId("c-%04d".formatted(i))
                        .setEventId("visit-" + i).setChannel(Channel.CHANNEL_WEB)
                        .setDirection(Direction.DIRECTION_INBOUND).setKind(InteractionKind.INTERACTION_KIND_VISIT)
                        .setOccurTime(Timestamp.newBuilder().setSeconds(1_767_000_000L)));
            }
            stub.withDeadlineAfter(Duration.ofMinutes(1)).recordInteractions(batch.build());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(stub.withDeadlineAfter(Duration.ofSeconds(30))
                    .streamRelationships(StreamRelationshipsRequest.getDefaultInstance())) < CUSTOMERS) {
                assertThat(System.nanoTime()).as("views of every customer").isLessThan(deadline);
                Thread.sleep(200);
            }

            // A client that takes its time: 25 ms a view, ten seconds for the stream.
            Future<Integer> slowRead = reader.submit(() -> {
                Iterator<Relationship> views = stub.withDeadlineAfter(Duration.ofMinutes(1))
                        .streamRelationships(StreamRelationshipsRequest.getDefaultInstance());
                int read = 0;
                while (views.hasNext()) {
                    views.next();
                    read++;
                    Thread.sleep(25);
                }
                return read;
            });
            Thread.sleep(1_000);
            assertThat(slowRead).as("still reading when the signal comes").isNotDone();

            service.destroy();
            Thread.sleep(500);
            assertThatThrownBy(() -> stub.withDeadlineAfter(Duration.ofSeconds(10))
                    .getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("c-0000").build()))
                    .as("a new call while shutting down").isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(service.isAlive()).as("waiting for the stream").isTrue();

            assertThat(slowRead.get(1, TimeUnit.MINUTES)).as("every view, to the last").isEqualTo(CUSTOMERS);
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("exited after the stream").isTrue();
        } finally {
            reader.shutdownNow();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            service.destroyForcibly();
        }
    }

    private static int count(Iterator<Relationship> views) {
        int count = 0;
        for (; views.hasNext(); views.next()) {
            count++;
        }
        return count;
    }

}
