package io.modelledger.console.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Verified exports count against one budget for all sessions, and give their bytes back when replaced or when the session ends. */
class VerifiedExportsTest {

    @Test
    void aSessionKeepsItsLastExportAndGivesItsBytesBackWhenItEnds() {
        ExportBudget budget = new ExportBudget(100);
        VerifiedExports session = new VerifiedExports(budget);
        assertThat(budget.reserve(40)).isTrue();
        VerifiedExports.Export first = session.keep("a.json", new byte[40], null);
        assertThat(budget.reserve(30)).isTrue();
        VerifiedExports.Export second = session.keep("b.json", new byte[30], null);
        assertThat(session.find(first.id())).as("only the last one is kept").isNull();
        assertThat(session.find(second.id())).isNotNull();
        assertThat(budget.held()).as("the replaced export's bytes are back").isEqualTo(30);
        session.valueUnbound(null);
        assertThat(budget.held()).isZero();
        assertThat(session.find(second.id())).isNull();
        assertThat(session.keep("late.json", new byte[10], null)).as("an export finished after the session ended is not kept").isNull();
    }

    @Test
    void whenTheBudgetIsSpentNothingMoreIsTakenUntilSomeoneGivesBack() {
        ExportBudget budget = new ExportBudget(100);
        assertThat(budget.reserve(60)).isTrue();
        assertThat(budget.reserve(50)).isFalse();
        assertThat(budget.held()).as("a refused reservation takes nothing").isEqualTo(60);
        budget.release(60);
        assertThat(budget.reserve(100)).isTrue();
    }
}
