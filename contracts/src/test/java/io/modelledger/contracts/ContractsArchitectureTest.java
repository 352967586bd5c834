package io.modelledger.contracts;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The contracts are read by every service and by auditors: plain records, no framework or store types. */
class ContractsArchitectureTest {

    private final JavaClasses contracts = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.modelledger.contracts");

    @Test
    void contractsDependOnNoSpringAndNoMongo() {
        noClasses().should().dependOnClassesThat()
                   .resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..", "io.modelledger.platform..")
                   .check(contracts);
    }

    @Test
    void everyEventIsAnImmutableRecord() {
        classes().that().resideInAnyPackage("io.modelledger.contracts.registry", "io.modelledger.contracts.eval",
                                            "io.modelledger.contracts.monitor")
                 .and().areTopLevelClasses().and().doNotHaveSimpleName("package-info")
                 .and().doNotHaveSimpleName("Subjects") // the vocabulary of subject kinds, constants only
                 .should().beRecords()
                 .check(contracts);
    }
}
