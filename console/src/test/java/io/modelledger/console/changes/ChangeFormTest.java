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

    @Test
    void aPolicyPinsItsSuitesAndAsksForACanaryAndAnEmptySuiteRowIsNotSent() {
        Map<String, Object> body = ChangePages.POLICY.body(Map.of(
                "requiredApprovals", "2", "requirements[0].suite", "fraud-accuracy", "requirements[0].suiteSha256", "ab".repeat(32),
                "requirements[0].minCases", "100", "requirements[0].maxErrorRate", "0.01", "canary.environment", "production",
                "canary.minRecords", "500", "requestTtl", "PT72H"));
        assertThat(body).containsEntry("requiredApprovals", 2L).containsEntry("requestTtl", "PT72H")
                        .containsEntry("canary", Map.of("environment", "production", "minRecords", 500L));
        assertThat(body.get("requirements")).as("no second row, and no unticked box in the first").isEqualTo(List.of(Map.of(
                "suite", "fraud-accuracy", "suiteSha256", "ab".repeat(32), "minCases", 100L, "maxErrorRate", 0.01)));
        assertThat(ChangePages.POLICY.body(Map.of("requiredApprovals", "1"))).doesNotContainKeys("requirements", "canary");
        assertThat(ChangePages.POLICY.body(Map.of("requirements[0].suite", "qa", "requirements[0].allowPredictions", "on")).get("requirements"))
                .isEqualTo(List.of(Map.of("suite", "qa", "allowPredictions", true)));
    }
}
