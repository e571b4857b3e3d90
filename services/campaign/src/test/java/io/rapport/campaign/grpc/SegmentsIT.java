package io.rapport.campaign.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.rapport.platform.tenant.Tenancy;
import io.rapport.platform.testing.TestCredential;
import io.rapport.proto.campaign.v1.CampaignServiceGrpc;
import io.rapport.proto.campaign.v1.CreateSegmentRequest;
import io.rapport.proto.campaign.v1.GetSegmentRequest;
import io.rapport.proto.campaign.v1.ListSegmentsRequest;
import io.rapport.proto.campaign.v1.ListSegmentsResponse;
import io.rapport.proto.campaign.v1.Segment;
import io.rapport.proto.campaign.v1.UpdateSegmentRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;

/** Segments over real gRPC: defined, read back at once, changed, listed by page, refused with where and why. */
@SpringBootTest(properties = {TestCredential.PROPERTY, "rapport.mongodb.embedded=memory", "spring.grpc.server.port=0", "server.port=0"})
class SegmentsIT {

    @LocalGrpcServerPort
    int port;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .intercept(TestCredential.interceptor()).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private CampaignServiceGrpc.CampaignServiceBlockingStub client(String tenant) {
        Metadata metadata = new Metadata();
        metadata.put(Tenancy.TENANT_KEY, tenant);
        return CampaignServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(Duration.ofSeconds(20));
    }

    private Segment create(String tenant, String id, String rule) {
        return client(tenant).createSegment(CreateSegmentRequest.newBuilder().setSegmentId(id).setName("Segment " + id)
                .setRule(rule).build()).getSegment();
    }

    @Test
    void aSegmentIsDefinedReadBackChangedAndListed() {
        Segment created = create("acme", "at-risk", "churn_risk >= 0.7 and consent.email");
        assertThat(created.getAttributesList()).containsExactly("churn_risk", "consent.email");
        assertThat(created.getRevision()).isEqualTo(1);
        assertThat(client("acme").getSegment(GetSegmentRequest.newBuilder().setSegmentId("at-risk").build())
                .getSegment()).isEqualTo(created);

        Segment changed = client("acme").updateSegment(UpdateSegmentRequest.newBuilder().setSegmentId("at-risk")
                .setRule("churn_risk >= 0.8").build()).getSegment();
        assertThat(changed.getRule()).isEqualTo("churn_risk >= 0.8");
        assertThat(changed.getName()).isEqualTo("Segment at-risk");
        assertThat(changed.getRevision()).isEqualTo(2);
        assertThat(changed.getCreateTime()).isEqualTo(created.getCreateTime());

        create("acme", "b-loyal", "stage = \"loyal\"");
        create("acme", "c-new", "stage = \"new\"");
        create("globex", "a-other", "stage = \"new\"");
        ListSegmentsResponse first = client("acme").listSegments(ListSegmentsRequest.newBuilder().setPageSize(2).build());
        assertThat(first.getSegmentsList()).extracting(Segment::getSegmentId).containsExactly("at-risk", "b-loyal");
        ListSegmentsResponse second = client("acme").listSegments(ListSegmentsRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build());
        assertThat(second.getSegmentsList()).extracting(Segment::getSegmentId).containsExactly("c-new");
        assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void badRulesUnknownIdsAndOtherWorkspacesAreRefusedClearly() {
        assertCode(() -> create("acme", "bad", "churn_risk >= \"high\""), Status.Code.INVALID_ARGUMENT,
                "rule: position 15: churn_risk is a number, compared with a string");
        assertCode(() -> client("acme").getSegment(GetSegmentRequest.newBuilder().setSegmentId("bad").build()),
                Status.Code.NOT_FOUND, "no segment 'bad'");
        create("acme", "mine", "stage = \"new\"");
        assertCode(() -> create("acme", "mine", "stage = \"new\""), Status.Code.ALREADY_EXISTS, "");
        assertCode(() -> client("globex").getSegment(GetSegmentRequest.newBuilder().setSegmentId("mine").build()),
                Status.Code.NOT_FOUND, "no segment");
        assertCode(() -> client("acme").updateSegment(UpdateSegmentRequest.newBuilder().setSegmentId("mine")
                .setRule("stage >").build()), Status.Code.INVALID_ARGUMENT, "rule: position 7: stage is a string");
        assertThat(client("acme").getSegment(GetSegmentRequest.newBuilder().setSegmentId("mine").build())
                .getSegment().getRule()).as("a refused change changes nothing").isEqualTo("stage = \"new\"");
        assertCode(() -> client("acme").createSegment(CreateSegmentRequest.newBuilder().setRule("stage = \"new\"")
                .build()), Status.Code.INVALID_ARGUMENT, "name: required");
    }

    private static void assertCode(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(description);
        });
    }
}
