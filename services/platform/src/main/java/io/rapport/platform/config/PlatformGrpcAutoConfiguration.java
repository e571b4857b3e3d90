package io.rapport.platform.config;

import io.rapport.platform.grpc.RapportExceptionHandler;
import io.rapport.platform.tenant.TenantServerInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;

/** What every service's gRPC server shares: the tenant check and the exception-to-status mapping. */
@AutoConfiguration
public class PlatformGrpcAutoConfiguration {

    @Bean
    @GlobalServerInterceptor
    @ConditionalOnMissingBean
    public TenantServerInterceptor tenantServerInterceptor() {
        return new TenantServerInterceptor();
    }

    @Bean
    @ConditionalOnMissingBean
    public RapportExceptionHandler rapportExceptionHandler() {
        return new RapportExceptionHandler();
    }
}
