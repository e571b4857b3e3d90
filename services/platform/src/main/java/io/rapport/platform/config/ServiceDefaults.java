package io.rapport.platform.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every Rapport service shares, at the lowest precedence: a service's own application.properties, the
 * environment and the command line all override them. A service's own file then only names it and its ports.
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "rapport-service-defaults";

    private static final String AXON_UPDATE_CHECKER = "axoniq.update-checker.disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Axon 4.12+ reports usage to AxonIQ unless told not to: a CRM holding customer data stays quiet by
        // default (and runs offline). -Daxoniq.update-checker.disabled=false turns it back on.
        if (System.getProperty(AXON_UPDATE_CHECKER) == null && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(AXON_UPDATE_CHECKER, "true");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        // Loopback unless told otherwise: ./rapport up runs everything on one machine; Kubernetes sets 0.0.0.0.
        defaults.put("spring.grpc.server.address", "${RAPPORT_BIND_ADDRESS:127.0.0.1}");
        defaults.put("server.address", "${RAPPORT_BIND_ADDRESS:127.0.0.1}");
        defaults.put("server.shutdown", "graceful");
        // On SIGTERM the gRPC server refuses new calls and lets running ones finish, for up to this long (Kubernetes
        // waits 45 s before it kills).
        defaults.put("spring.grpc.server.shutdown.grace-period", "30s");
        // The gateway takes JSON bodies up to 10 MB; their protos are smaller, but above gRPC's 4 MB default. A body
        // the gateway accepted must reach the service (a bigger one is 413 at the gateway).
        defaults.put("spring.grpc.server.inbound.message.max-size", "16MB");
        for (String peer : new String[] {"relationship", "campaign", "messaging"}) {
            defaults.put("spring.grpc.client.channel." + peer + ".inbound.message.max-size", "16MB");
        }
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        // gRPC latency as histograms, so Prometheus can work out any quantile across instances.
        defaults.put("management.metrics.distribution.percentiles-histogram.grpc.server", "true");
        defaults.put("management.metrics.distribution.percentiles-histogram.grpc.client", "true");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        // Every call is traced (W3C trace context in and out, trace ids in the logs); exporting spans is opt-in.
        defaults.put("management.tracing.sampling.probability", "1.0");
        // Metrics are scraped from /actuator/prometheus; pushing them over OTLP is opt-in (and without a collector
        // it only fails, at every step and once more at shutdown).
        defaults.put("management.otlp.metrics.export.enabled", "false");
        // No Axon Server: each service owns its event store in its own MongoDB database.
        defaults.put("axon.axonserver.enabled", "false");
        defaults.put("axon.serializer.general", "jackson");
        defaults.put("axon.serializer.events", "jackson");
        defaults.put("axon.serializer.messages", "jackson");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
