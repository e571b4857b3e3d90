package io.rapport.gateway.campaign;

import java.time.Duration;

import io.rapport.gateway.web.WorkspaceStubs;
import io.rapport.proto.campaign.v1.CampaignServiceGrpc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** Stubs of the campaign service for one workspace, each call with the tenant and a deadline. */
@Component
public class CampaignClient {

    private final CampaignServiceGrpc.CampaignServiceBlockingStub stub;
    private final Duration deadline;

    public CampaignClient(GrpcChannelFactory channels, @Value("${rapport.gateway.deadline:10s}") Duration deadline) {
        this.stub = CampaignServiceGrpc.newBlockingStub(channels.createChannel("campaign"));
        this.deadline = deadline;
    }

    public CampaignServiceGrpc.CampaignServiceBlockingStub forWorkspace(String workspace) {
        return forWorkspace(workspace, deadline);
    }

    /** For the calls that take long by nature (evaluating a segment over every customer). */
    public CampaignServiceGrpc.CampaignServiceBlockingStub forWorkspace(String workspace, Duration deadline) {
        return WorkspaceStubs.forWorkspace(stub, workspace, deadline);
    }
}
