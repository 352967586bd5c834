package io.modelledger.audit.query;

import io.modelledger.audit.api.ModelState;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.registry.TrafficSplit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The point-in-time fold on entries built from stored JSON, including shapes written by earlier revisions. */
class ModelStateAtTest {

    private final List<AuditEntry> trail = new ArrayList<>();

    private void stored(String type, String actor, String at, String payload) {
        int position = trail.size() + 1;
        String previous = trail.isEmpty() ? AuditEntry.GENESIS : trail.getLast().hash();
        String pkg = type.startsWith("Alert") ? "monitor" : type.startsWith("Evaluation") ? "eval" : "registry";
        trail.add(AuditEntry.of(new AuditEntry.StoredEvent(position, "e-" + position, "io.modelledger.contracts." + pkg + "." + type,
                                                           null, null, null, null, at, payload, "{\"actor\":\"" + actor + "\"}"),
                                previous, position));
    }

    @Test
    void theStateAtAnInstantNamesVersionsAliasesApproversEvidenceDeploymentsAlertsAndPolicies() {
        stored("ModelVersionRegistered", "user:carol", "2026-03-01T10:00:00Z", "{\"modelName\":\"fraud\",\"version\":1,\"sha256\":\"aa\"}");
        stored("ModelVersionRegistered", "user:carol", "2026-03-01T10:05:00Z",
               "{\"modelName\":\"fraud\",\"version\":2,\"sha256\":\"bb\",\"fieldAddedLater\":true}");
        // a policy as revision 1 wrote it: the subject under its old name, suites without pins
        stored("PromotionPolicyDefined", "user:admin", "2026-03-01T10:06:00Z",
               "{\"modelName\":\"fraud\",\"alias\":\"production\",\"revision\":1,\"requiredSuites\":[\"acc\"],\"requiredApprovals\":1}");
        stored("EvaluationCompleted", "user:frank", "2026-03-01T11:00:00Z",
               "{\"runId\":\"run-7\",\"suiteName\":\"acc\",\"suiteSha256\":\"0123456789abcdef\",\"subjectName\":\"fraud\","
               + "\"subjectVersion\":2,\"passed\":true,\"startedBy\":\"user:frank\",\"targetKind\":\"http\",\"caseCount\":20,\"failedCases\":0}");
        stored("PromotionApproved", "user:bob", "2026-03-01T12:00:00Z",
               "{\"promotionId\":\"p-1\",\"modelName\":\"fraud\",\"approver\":\"user:bob\",\"approvals\":1,\"requiredApprovals\":1}");
        stored("PromotionCompleted", "system:promotion-gate", "2026-03-01T12:00:01Z",
               "{\"promotionId\":\"p-1\",\"subjectName\":\"fraud\",\"version\":2,\"alias\":\"production\",\"evidence\":{\"acc\":\"e-4\"}}");
        stored("ModelAliasAssigned", "system:promotion-gate", "2026-03-01T12:00:02Z",
               "{\"modelName\":\"fraud\",\"alias\":\"production\",\"version\":2,\"promotionId\":\"p-1\"}");
        // a deployment recorded before traffic splits were
        stored("ModelVersionDeployed", "user:ops", "2026-03-01T12:30:00Z",
               "{\"modelName\":\"fraud\",\"environment\":\"prod\",\"version\":2,\"percent\":100}");
        stored("AlertRaised", "system:monitor", "2026-03-01T13:00:00Z",
               "{\"alertId\":\"a-1\",\"modelName\":\"fraud\",\"severity\":\"critical\",\"summary\":\"drift\"}");
        stored("ModelVersionDeprecated", "user:carol", "2026-03-01T13:10:00Z", "{\"modelName\":\"fraud\",\"version\":1,\"reason\":\"old\"}");
        stored("ModelAliasAssigned", "user:carol", "2026-03-01T13:20:00Z", "not json: an edited payload");
        stored("AlertResolved", "system:monitor", "2026-03-01T15:00:00Z", "{\"alertId\":\"a-1\",\"modelName\":\"fraud\"}");

        ModelState state = ModelStateAt.fold("fraud", Instant.parse("2026-03-01T14:00:00Z"), trail);

        assertThat(state.lastPosition()).as("entries after the instant are not folded").isEqualTo(11);
        assertThat(state.versions()).extracting(ModelState.Version::version, ModelState.Version::deprecated,
                                                ModelState.Version::registeredBy)
                                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, true, "user:carol"),
                                                     org.assertj.core.groups.Tuple.tuple(2, false, "user:carol"));
        ModelState.Alias production = state.aliases().get("production");
        assertThat(production.version()).isEqualTo(2);
        assertThat(production.approvedBy()).containsExactly("user:bob");
        assertThat(production.approvedOn()).isEqualTo("approved on the evidence of acc: verdict e-4 (run run-7, suite 0123456789ab, "
                                                      + "started by user:frank, http, 20 cases, 0 failed)");
        assertThat(state.aliases()).as("the unreadable entry changes nothing").hasSize(1);
        assertThat(state.deployments().get("prod")).containsExactly(new TrafficSplit(2, 100));
        assertThat(state.openAlerts()).containsEntry("a-1", "critical: drift");
        assertThat(state.latestVerdicts().get("acc").passed()).isTrue();
        assertThat(state.policies().get("production").subjectName()).as("read through the old field's alias").isEqualTo("fraud");
        assertThat(state.policies().get("production").requirements()).hasSize(1);

        ModelState later = ModelStateAt.fold("fraud", Instant.parse("2026-03-02T00:00:00Z"), trail);
        assertThat(later.openAlerts()).isEmpty();
        assertThat(ModelStateAt.fold("fraud", Instant.parse("2026-03-01T09:00:00Z"), trail).versions()).isEmpty();
    }
}
