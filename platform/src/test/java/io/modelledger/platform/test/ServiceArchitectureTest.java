package io.modelledger.platform.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of {@link ServiceArchitecture} catches the violation its fixture class commits, and only that one. */
class ServiceArchitectureTest {

    private static final String FIXTURES = "io.modelledger.platform.test.violations";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURES);
    private static final List<ArchRule> RULES = ServiceArchitecture.rules(FIXTURES + ".svc", List.of(FIXTURES + ".other"));

    private static String violations(int rule) {
        EvaluationResult result = RULES.get(rule).evaluate(CLASSES);
        assertThat(result.hasViolation()).as("rule %d catches its fixture", rule).isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }

    @Test
    void webCodeThatReadsAnAggregateIsCaught() {
        assertThat(violations(0)).contains("LedgerController").contains("Ledger").doesNotContain("Alpha");
    }

    @Test
    void codeThatCallsAnotherServiceIsCaught() {
        assertThat(violations(1)).contains("Alpha").contains("Foreign").doesNotContain("LedgerController");
    }

    @Test
    void aCycleBetweenFeaturePackagesIsCaught() {
        assertThat(violations(2)).contains("alpha").contains("beta").doesNotContain("svc.ledger");
    }

    @Test
    void codeThatReadsTheWallClockIsCaught() {
        assertThat(violations(3)).contains("ReadsTheWallClock.now()", "Instant.now()", "ReadsTheWallClock.clock()", "Clock.systemUTC()",
                                           "ReadsTheWallClock.millis()", "System.currentTimeMillis()", "ReadsTheWallClock.date()",
                                           "Date.<init>()").doesNotContain("Alpha");
    }

    @Test
    void webCodeThatReadsAStoreOfTheQuerySideIsCaught() {
        assertThat(violations(4)).contains("LedgerReader").contains("LedgerStore").doesNotContain("FindEntry").doesNotContain("Alpha");
    }

    @Test
    void aHandlerWhoseMessageOrViewIsNotATopLevelTypeOfAnApiPackageIsCaught() {
        assertThat(violations(5)).contains("takes " + FIXTURES + ".svc.ledger.query.LedgerQueries$CountEntries")
                                 .contains("answers with " + FIXTURES + ".svc.ledger.query.LedgerQueries$EntryView")
                                 .doesNotContain("takes " + FIXTURES + ".svc.ledger.api.FindEntry");
    }

    @Test
    void aComponentInAnApiPackageIsCaught() {
        assertThat(violations(6)).contains("LedgerBootstrap").doesNotContain("FindEntry");
    }

    @Test
    void codeOutsideTheEventStoreThatNamesItsLayoutIsCaught() {
        List<String> found = ServiceArchitecture.eventStoreLayoutNamed(Path.of("src/test/java/io/modelledger/platform/test/violations"));
        assertThat(found).hasSize(2).allMatch(line -> line.startsWith("svc/ReadsTheEventStoreLayout.java:"))
                         .anyMatch(line -> line.endsWith("\"event_commits\"")).anyMatch(line -> line.endsWith("\"globalIndex\""));
    }

    @Test
    void platformsOwnMainCodeNamesTheLayoutOnlyInsideTheEventStore() {
        assertThat(ServiceArchitecture.eventStoreLayoutNamed(Path.of("src/main/java"))).isEmpty();
        assertThat(ServiceArchitecture.eventStoreLayoutNamed(Path.of("src/main/java/io/modelledger/platform"))).isEmpty();
        assertThat(ServiceArchitecture.eventStoreLayoutNamed(Path.of("src/main/java/io/modelledger/platform/eventstore")))
                .as("the engine itself is exempt").isEmpty();
    }
}
