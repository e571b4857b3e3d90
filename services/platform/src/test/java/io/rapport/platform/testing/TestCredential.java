package io.rapport.platform.testing;

import io.grpc.ClientInterceptor;
import io.rapport.platform.tenant.ServiceCredential;

/**
 * The internal service credential of tests: a service under test is started with {@code rapport.internal-token}
 * = {@link #TOKEN} ({@link #PROPERTY}), and its test clients attach {@link #interceptor()}.
 */
public final class TestCredential {

    public static final String TOKEN = "test-internal-token-0123456789";
    public static final String PROPERTY = "rapport.internal-token=" + TOKEN;

    private TestCredential() {
    }

    public static ClientInterceptor interceptor() {
        return new ServiceCredential(TOKEN).clientInterceptor();
    }
}
