package io.rapport.campaign.grpc;

import io.rapport.proto.campaign.v1.CampaignServiceGrpc;
import org.springframework.stereotype.Service;

/**
 * The campaign service's gRPC face, published (with health and reflection) so that clients and probes find it.
 * Its contract has no RPCs yet; they arrive with the campaign issue.
 */
@Service
public class CampaignGrpcService extends CampaignServiceGrpc.CampaignServiceImplBase {
}
