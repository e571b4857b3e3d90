package io.rapport.gateway.web;

import java.time.Duration;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** A service stub calling as one workspace (the {@code rapport-tenant} metadata entry), with a deadline. */
public final class WorkspaceStubs {

    private static final Metadata.Key<String> TENANT = Metadata.Key.of("rapport-tenant",
            Metadata.ASCII_STRING_MARSHALLER);

    private WorkspaceStubs() {
    }

    public static <S extends AbstractStub<S>> S forWorkspace(S stub, String workspace, Duration deadline) {
        Metadata metadata = new Metadata();
        metadata.put(TENANT, workspace);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata)).withDeadlineAfter(deadline);
    }
}
