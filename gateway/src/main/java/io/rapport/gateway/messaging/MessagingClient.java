package io.rapport.gateway.messaging;

import java.time.Duration;

import io.rapport.gateway.web.WorkspaceStubs;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** Stubs of the messaging service for one workspace, each call with the tenant and a deadline. */
@Component
public class MessagingClient {

    private final MessagingServiceGrpc.MessagingServiceBlockingStub stub;
    private final Duration deadline;

    public MessagingClient(GrpcChannelFactory channels, @Value("${rapport.gateway.deadline:10s}") Duration deadline) {
        this.stub = MessagingServiceGrpc.newBlockingStub(channels.createChannel("messaging"));
        this.deadline = deadline;
    }

    public MessagingServiceGrpc.MessagingServiceBlockingStub forWorkspace(String workspace) {
        return WorkspaceStubs.forWorkspace(stub, workspace, deadline);
    }
}
