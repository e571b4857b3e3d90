package io.rapport.platform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The shape every Rapport service keeps, as rules over its classes: other services only through proto, messages
 * ({@code api}) without Spring or storage, gRPC adapters that only translate, and a domain free of wire types.
 * A rule over packages a service does not have yet holds.
 */
public final class ServiceArchitecture {

    private static final List<String> SERVICES = List.of("relationship", "campaign", "messaging", "gateway");

    private final String base;
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rapport");

    /** @param service the service's name, as in its base package {@code io.rapport.<service>} */
    public ServiceArchitecture(String service) {
        this.base = "io.rapport." + service;
    }

    public void talksToOtherServicesOnlyThroughProto() {
        String[] others = SERVICES.stream().map(s -> "io.rapport." + s + "..")
                .filter(p -> !p.equals(base + "..")).toArray(String[]::new);
        noClasses().that().resideInAPackage(base + "..").should().dependOnClassesThat().resideInAnyPackage(others)
                .check(classes);
    }

    public void apiHasNoSpringAndNoStorage() {
        noClasses().that().resideInAPackage(base + ".api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..")
                .allowEmptyShould(true)
                .check(classes);
    }

    public void grpcAdaptersOnlyTranslate() {
        noClasses().that().resideInAPackage(base + ".grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..", base + ".query..",
                        base + ".command..")
                .check(classes);
    }

    public void theDomainSpeaksNoWireTypes() {
        noClasses().that().resideInAnyPackage(base + ".api..", base + ".command..", base + ".query..")
                .should().dependOnClassesThat().resideInAPackage("io.rapport.proto..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
