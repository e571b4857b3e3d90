package io.rapport.relationship;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's shape as rules: its own messages stay inside, adapters only translate. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.rapport");
    }

    @Test
    void talksToOtherServicesOnlyThroughProto() {
        noClasses().that().resideInAPackage("io.rapport.relationship..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rapport.campaign..", "io.rapport.messaging..",
                        "io.rapport.gateway..")
                .check(classes);
    }

    @Test
    void apiHasNoSpringAndNoStorage() {
        noClasses().that().resideInAPackage("io.rapport.relationship.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..")
                .check(classes);
    }

    @Test
    void grpcAdaptersDoNotReachIntoReadModelStorage() {
        noClasses().that().resideInAPackage("io.rapport.relationship.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..",
                        "io.rapport.relationship.query..", "io.rapport.relationship.command..")
                .check(classes);
    }

    @Test
    void protoTypesStayInTheAdapters() {
        noClasses().that().resideInAnyPackage("io.rapport.relationship.api..", "io.rapport.relationship.command..",
                        "io.rapport.relationship.query..")
                .should().dependOnClassesThat().resideInAPackage("io.rapport.proto..")
                .check(classes);
    }
}
