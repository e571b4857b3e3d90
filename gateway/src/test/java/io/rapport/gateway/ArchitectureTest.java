package io.rapport.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway knows the services only by their gRPC contracts and keeps no business data: its own database
 * holds API keys and idempotency records, reached only through its {@code *Store} classes.
 */
class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rapport");

    @Test
    void knowsServicesOnlyThroughProto() {
        noClasses().that().resideInAPackage("io.rapport.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rapport.relationship..", "io.rapport.campaign..",
                        "io.rapport.messaging..", "org.axonframework..")
                .check(GATEWAY);
    }

    @Test
    void onlyItsStoresTouchTheDatabase() {
        noClasses().that().resideInAPackage("io.rapport.gateway..").and().haveSimpleNameNotEndingWith("Store")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..")
                .check(GATEWAY);
    }
}
