package io.rapport.platform.tenant;

import java.util.Set;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses every business call that does not name a valid workspace, before any handler runs.
 * Health checks and reflection are infrastructure and need no tenant.
 */
public class TenantServerInterceptor implements ServerInterceptor {

    private static final Set<String> INFRASTRUCTURE_SERVICES = Set.of(
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        if (INFRASTRUCTURE_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String tenant = headers.get(Tenancy.TENANT_KEY);
        if (tenant == null || tenant.isEmpty()) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "missing 'rapport-tenant' metadata: every call must name its workspace"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        if (!Tenancy.isValid(tenant)) {
            call.close(Status.INVALID_ARGUMENT.withDescription(
                    "invalid 'rapport-tenant' metadata: expected " + Tenancy.TENANT_ID.pattern()), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(Tenancy.CURRENT, tenant), call, headers, next);
    }
}
