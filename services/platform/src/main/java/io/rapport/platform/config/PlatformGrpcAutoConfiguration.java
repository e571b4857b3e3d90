package io.rapport.platform.config;

import io.grpc.ClientInterceptor;
import io.rapport.platform.grpc.RapportExceptionHandler;
import io.rapport.platform.mongo.RapportMongoProperties;
import io.rapport.platform.tenant.ServiceCredential;
import io.rapport.platform.tenant.TenantServerInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * What every Rapport process shares on gRPC: the internal service credential on every call it makes, and, where
 * it serves gRPC, the credential and tenant check and the exception-to-status mapping.
 */
@AutoConfiguration
@EnableConfigurationProperties(RapportMongoProperties.class)
public class PlatformGrpcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ServiceCredential serviceCredential(@Value("${rapport.internal-token:}") String token,
                                               RapportMongoProperties storage) {
        return ServiceCredential.resolve(token, storage.dataDir());
    }

    @Bean
    @GlobalClientInterceptor
    public ClientInterceptor serviceCredentialClientInterceptor(ServiceCredential credential) {
        return credential.clientInterceptor();
    }

    /** Only where the process serves gRPC (the services, not the gateway). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration")
    static class Server {

        @Bean
        @GlobalServerInterceptor
        @ConditionalOnMissingBean
        public TenantServerInterceptor tenantServerInterceptor(ServiceCredential credential) {
            return new TenantServerInterceptor(credential);
        }

        @Bean
        @ConditionalOnMissingBean
        public RapportExceptionHandler rapportExceptionHandler() {
            return new RapportExceptionHandler();
        }
    }
}
