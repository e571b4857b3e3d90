package io.rapport.messaging;

import io.rapport.platform.testing.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The service's shape as rules (see {@link ServiceArchitecture}). */
class ArchitectureTest {

    private static final ServiceArchitecture RULES = new ServiceArchitecture("messaging");

    @Test
    void talksToOtherServicesOnlyThroughProto() {
        RULES.talksToOtherServicesOnlyThroughProto();
    }

    @Test
    void apiHasNoSpringAndNoStorage() {
        RULES.apiHasNoSpringAndNoStorage();
    }

    @Test
    void grpcAdaptersOnlyTranslate() {
        RULES.grpcAdaptersOnlyTranslate();
    }

    @Test
    void theDomainSpeaksNoWireTypes() {
        RULES.theDomainSpeaksNoWireTypes();
    }
}
