package io.rapport.messaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's shape as rules: other services only through proto, messages without Spring or storage, the
 * domain free of wire types (only the adapters to the relationship service and to clients speak proto).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rapport");
    }

    @Test
    void talksToOtherServicesOnlyThroughProto() {
        noClasses().that().resideInAPackage("io.rapport.messaging..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rapport.relationship..", "io.rapport.campaign..",
                        "io.rapport.gateway..")
                .check(classes);
    }

    @Test
    void apiHasNoSpringAndNoStorage() {
        noClasses().that().resideInAPackage("io.rapport.messaging.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..")
                .check(classes);
    }

    @Test
    void grpcAdaptersDoNotReachIntoStorageOrAggregates() {
        noClasses().that().resideInAPackage("io.rapport.messaging.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..",
                        "io.rapport.messaging.query..", "io.rapport.messaging.command..")
                .check(classes);
    }

    @Test
    void theDomainSpeaksNoWireTypes() {
        noClasses().that().resideInAnyPackage("io.rapport.messaging.api..", "io.rapport.messaging.command..",
                        "io.rapport.messaging.query..")
                .should().dependOnClassesThat().resideInAPackage("io.rapport.proto..")
                .check(classes);
    }
}
