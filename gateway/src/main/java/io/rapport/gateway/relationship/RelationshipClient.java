package io.rapport.gateway.relationship;

import java.time.Duration;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** Stubs of the relationship service for one workspace, each call with the tenant and a deadline. */
@Component
public class RelationshipClient {

    static final Metadata.Key<String> TENANT = Metadata.Key.of("rapport-tenant", Metadata.ASCII_STRING_MARSHALLER);

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub stub;
    private final Duration deadline;

    public RelationshipClient(GrpcChannelFactory channels,
                              @Value("${rapport.gateway.deadline:10s}") Duration deadline) {
        this.stub = RelationshipServiceGrpc.newBlockingStub(channels.createChannel("relationship"));
        this.deadline = deadline;
    }

    public RelationshipServiceGrpc.RelationshipServiceBlockingStub forWorkspace(String workspace) {
        Metadata metadata = new Metadata();
        metadata.put(TENANT, workspace);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata)).withDeadlineAfter(deadline);
    }
}
