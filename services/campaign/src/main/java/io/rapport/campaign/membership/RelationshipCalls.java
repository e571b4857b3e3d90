package io.rapport.campaign.membership;

import java.time.Duration;

import io.rapport.platform.tenant.Tenancy;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;

/** The relationship service, called as one workspace with a deadline. */
public final class RelationshipCalls {

    private final RelationshipServiceGrpc.RelationshipServiceBlockingStub stub;

    public RelationshipCalls(RelationshipServiceGrpc.RelationshipServiceBlockingStub stub) {
        this.stub = stub;
    }

    RelationshipServiceGrpc.RelationshipServiceBlockingStub as(String tenant, Duration deadline) {
        return asWithoutDeadline(tenant).withDeadlineAfter(deadline);
    }

    /** For the change feed, which streams until cancelled. */
    RelationshipServiceGrpc.RelationshipServiceBlockingStub asWithoutDeadline(String tenant) {
        return Tenancy.callingAs(stub, tenant);
    }
}
