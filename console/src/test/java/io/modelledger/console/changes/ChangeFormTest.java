package io.modelledger.console.changes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeFormTest {

    @Test
    void aVersionFormBecomesTheApisBodyWithItsLineageNested() {
        Map<String, Object> body = ChangePages.VERSION.body(Map.of(
                "artifactUri", " s3://m/1 ", "sha256", "ab", "framework", "",
                "lineage.trainingData[0].dataset", "clicks", "lineage.trainingData[0].version", "3",
                "lineage.codeCommit", "c0ffee", "reason", "why"));
        assertThat(body).containsEntry("artifactUri", "s3://m/1").containsEntry("sha256", "ab").doesNotContainKey("framework")
                        .doesNotContainKey("notes").doesNotContainKey("reason");
        assertThat(body.get("lineage")).isEqualTo(Map.of("trainingData", List.of(Map.of("dataset", "clicks", "version", 3L)),
                                                         "codeCommit", "c0ffee"));
    }

    @Test
    void checkboxesAreBooleansAndANumberThatIsNotOneIsLeftForTheApiToName() {
        Map<String, Object> body = ChangePages.POLICY.body(Map.of("requiredApprovals", "two", "forbidSelfApproval", "on"));
        assertThat(body).containsEntry("requiredApprovals", "two").containsEntry("forbidSelfApproval", true)
                        .containsEntry("blockOnCriticalAlerts", false);
    }
}
