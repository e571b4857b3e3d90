package io.rapport.platform.tenant;

import java.util.regex.Pattern;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/**
 * Every call between Rapport's services belongs to one workspace (tenant), named in the {@code rapport-tenant}
 * metadata entry. Aggregate ids, events and read-model documents all carry it.
 */
public final class Tenancy {

    public static final Metadata.Key<String> TENANT_KEY =
            Metadata.Key.of("rapport-tenant", Metadata.ASCII_STRING_MARSHALLER);

    /** Lower-case letters, digits and dashes, starting with a letter or digit: safe in ids and file names. */
    public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    static final Context.Key<String> CURRENT = Context.key("rapport-tenant");

    private Tenancy() {
    }

    /** The tenant of the gRPC call being served; set by {@link TenantServerInterceptor}. */
    public static String currentTenant() {
        String tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant in this context: the call did not pass the tenant interceptor");
        }
        return tenant;
    }

    /** {@code stub} calling as workspace {@code tenant}: every call carries the {@code rapport-tenant} entry. */
    public static <S extends AbstractStub<S>> S callingAs(S stub, String tenant) {
        Metadata metadata = new Metadata();
        metadata.put(TENANT_KEY, tenant);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    public static boolean isValid(String tenant) {
        return tenant != null && TENANT_ID.matcher(tenant).matches();
    }
}
