package io.rapport.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway knows the services only by their gRPC contracts and keeps no business data. */
class ArchitectureTest {

    @Test
    void knowsServicesOnlyThroughProtoAndStoresNothing() {
        noClasses().that().resideInAPackage("io.rapport.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rapport.relationship..", "io.rapport.campaign..",
                        "io.rapport.messaging..", "io.rapport.platform..", "com.mongodb..", "org.axonframework..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.rapport"));
    }
}
