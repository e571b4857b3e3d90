package io.rapport.relationship;

import io.rapport.platform.testing.ServiceArchitectureTest;

/** The service's shape as rules (see {@link io.rapport.platform.testing.ServiceArchitecture}). */
class ArchitectureTest extends ServiceArchitectureTest {

    ArchitectureTest() {
        super("relationship");
    }
}
