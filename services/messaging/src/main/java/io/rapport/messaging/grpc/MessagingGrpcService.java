package io.rapport.messaging.grpc;

import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
import org.springframework.stereotype.Service;

/**
 * The messaging service's gRPC face, published (with health and reflection) so that clients and probes find it.
 * Its contract has no RPCs yet; they arrive with the messaging issue.
 */
@Service
public class MessagingGrpcService extends MessagingServiceGrpc.MessagingServiceImplBase {
}
