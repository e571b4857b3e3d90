package io.rapport.platform.testing;

import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ServiceArchitecture} as tests: each service's {@code ArchitectureTest} extends this and
 * names itself.
 */
public abstract class ServiceArchitectureTest {

    private final ServiceArchitecture rules;

    protected ServiceArchitectureTest(String service) {
        this.rules = new ServiceArchitecture(service);
    }

    @Test
    void talksToOtherServicesOnlyThroughProto() {
        rules.talksToOtherServicesOnlyThroughProto();
    }

    @Test
    void apiHasNoSpringAndNoStorage() {
        rules.apiHasNoSpringAndNoStorage();
    }

    @Test
    void grpcAdaptersOnlyTranslate() {
        rules.grpcAdaptersOnlyTranslate();
    }

    @Test
    void theDomainSpeaksNoWireTypes() {
        rules.theDomainSpeaksNoWireTypes();
    }
}
