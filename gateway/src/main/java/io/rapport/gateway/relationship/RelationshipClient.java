package io.rapport.gateway.relationship;

import java.time.Duration;

import io.rapport.gateway.web.WorkspaceStubs;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** Stubs of the relationship service for one workspace, each call with the tenant and a deadline. */
@Component
public class RelationshipClient {

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub stub;
    private final RelationshipServiceGrpc.RelationshipServiceStub asyncStub;
    private final Duration deadline;

    public RelationshipClient(GrpcChannelFactory channels,
                              @Value("${rapport.gateway.deadline:10s}") Duration deadline) {
        var channel = channels.createChannel("relationship");
        this.stub = RelationshipServiceGrpc.newBlockingStub(channel);
        this.asyncStub = RelationshipServiceGrpc.newStub(channel);
        this.deadline = deadline;
    }

    public RelationshipServiceGrpc.RelationshipServiceBlockingStub forWorkspace(String workspace) {
        return forWorkspace(workspace, deadline);
    }

    /** For the calls that take long by nature (model fits, uploads). */
    public RelationshipServiceGrpc.RelationshipServiceBlockingStub forWorkspace(String workspace, Duration deadline) {
        return WorkspaceStubs.forWorkspace(stub, workspace, deadline);
    }

    public RelationshipServiceGrpc.RelationshipServiceStub streamingForWorkspace(String workspace, Duration deadline) {
        return WorkspaceStubs.forWorkspace(asyncStub, workspace, deadline);
    }
}
