package io.modelledger.platform.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture every service keeps, as executable rules (CONVENTIONS.md): web code talks to the
 * command and query gateways, never to aggregates, projections or the store; no service reaches into
 * another service's code; read models and DTOs stay inside their service; feature packages depend on each
 * other without cycles.
 */
public final class ServiceArchitecture {

    private static final List<String> SERVICES = List.of("io.modelledger.registry", "io.modelledger.eval",
                                                         "io.modelledger.monitor", "io.modelledger.gateway");

    private ServiceArchitecture() {
    }

    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                                     .importPackages(servicePackage);
        noClasses().that().resideInAPackage("..web..")
                   .should().dependOnClassesThat().areAnnotatedWith(Aggregate.class)
                   .orShould().dependOnClassesThat().areAnnotatedWith(ProcessingGroup.class)
                   .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework.data.mongodb..", "com.mongodb..")
                   .because("web code sends commands and queries through the gateways")
                   .check(classes);
        String[] others = SERVICES.stream().filter(s -> !s.equals(servicePackage)).map(s -> s + "..").toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                   .because("services talk to each other only through events in the shared store")
                   .check(classes);
        slices().matching(servicePackage + ".(*)..")
                .should().beFreeOfCycles()
                .because("a feature package that depends on another must not be depended on by it: such a pair is one feature")
                .check(classes);
    }
}
