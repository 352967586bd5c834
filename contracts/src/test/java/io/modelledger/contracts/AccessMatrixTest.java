package io.modelledger.contracts;

import io.modelledger.contracts.access.AccessMatrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessMatrixTest {

    @Test
    void readersMayReadButNotWrite() {
        assertThat(AccessMatrix.allows("GET", "/api/registry/models/churn", List.of("viewer"))).isTrue();
        assertThat(AccessMatrix.allows("POST", "/api/registry/models", List.of("viewer"))).isFalse();
        assertThat(AccessMatrix.allows("POST", "/api/registry/models", List.of("contributor"))).isTrue();
    }

    @Test
    void approvalsNeedTheApproverRoleEvenForContributors() {
        String approvals = "/api/registry/models/churn/promotions/p-1/approvals";
        assertThat(AccessMatrix.allows("POST", approvals, List.of("contributor"))).isFalse();
        assertThat(AccessMatrix.allows("POST", approvals, List.of("approver"))).isTrue();
    }

    @Test
    void ingestKeysMaySendTelemetryAndNothingElse() {
        assertThat(AccessMatrix.allows("POST", "/api/monitor/telemetry/batches", List.of("ingest"))).isTrue();
        assertThat(AccessMatrix.allows("GET", "/api/monitor/models/churn/versions/1", List.of("ingest"))).isFalse();
        assertThat(AccessMatrix.allows("GET", "/api/registry/models", List.of("ingest"))).isFalse();
    }

    @Test
    void onlyAdminsManageKeysAndUnknownRoutesAreRefused() {
        assertThat(AccessMatrix.allows("POST", "/api/access/keys", List.of("contributor", "approver"))).isFalse();
        assertThat(AccessMatrix.allows("DELETE", "/api/access/keys/0123456789abcdef", List.of("admin"))).isTrue();
        assertThat(AccessMatrix.ruleFor("GET", "/api/unknown")).isNull();
        assertThat(AccessMatrix.allows("GET", "/api/unknown", List.of("admin"))).isFalse();
    }

    @Test
    void singleSegmentWildcardsDoNotCrossSlashes() {
        assertThat(AccessMatrix.allows("POST", "/api/registry/models/a/b/promotions/p/approvals", List.of("approver")))
                .as("falls through to the generic registry POST rule").isFalse();
    }
}
