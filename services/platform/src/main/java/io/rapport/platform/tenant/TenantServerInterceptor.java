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
 * Refuses every business call that does not come from another Rapport process (the {@link ServiceCredential})
 * or does not name a valid workspace, before any handler runs; the calls it lets through log with their workspace
 * ({@link CallContext}). Health checks and reflection are infrastructure and need neither.
 */
public class TenantServerInterceptor implements ServerInterceptor {

    private static final Set<String> INFRASTRUCTURE_SERVICES = Set.of(
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    private final ServiceCredential credential;

    public TenantServerInterceptor(ServiceCredential credential) {
        this.credential = credential;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        if (INFRASTRUCTURE_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        if (!credential.presentIn(headers)) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("missing or wrong 'rapport-service-credential' "
                    + "metadata: only Rapport's own processes may call this service"));
        }
        String tenant = headers.get(Tenancy.TENANT_KEY);
        if (tenant == null || tenant.isEmpty()) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(
                    "missing 'rapport-tenant' metadata: every call must name its workspace"));
        }
        if (!Tenancy.isValid(tenant)) {
            return refuse(call, Status.INVALID_ARGUMENT.withDescription(
                    "invalid 'rapport-tenant' metadata: expected " + Tenancy.TENANT_ID.pattern()));
        }
        return CallContext.around(call, tenant, logged -> Contexts.interceptCall(
                Context.current().withValue(Tenancy.CURRENT, tenant), logged, headers, next));
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
