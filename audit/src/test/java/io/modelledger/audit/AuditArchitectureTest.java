package io.modelledger.audit;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.modelledger.platform.test.ServiceArchitecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class AuditArchitectureTest {

    @Test
    void keepsTheServiceArchitecture() {
        ServiceArchitecture.check("io.modelledger.audit");
    }

    @Test
    void dependsOnlyOnContractsAndThePlatformOfOurCode() {
        noClasses().that().resideInAPackage("io.modelledger.audit..")
                   .should().dependOnClassesThat(resideInAPackage("io.modelledger..").and(not(resideInAnyPackage(
                           "io.modelledger.audit..", "io.modelledger.contracts..", "io.modelledger.platform.."))))
                   .because("the audit reads the store through the platform's reader and knows the services only by their events")
                   .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                                 .importPackages("io.modelledger.audit"));
    }
}
