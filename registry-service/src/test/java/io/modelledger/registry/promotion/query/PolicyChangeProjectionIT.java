package io.modelledger.registry.promotion.query;

import io.modelledger.contracts.registry.CanaryRequirement;
import io.modelledger.contracts.registry.GuardPolicyChangeDecided;
import io.modelledger.contracts.registry.GuardPolicyChangeRequested;
import io.modelledger.contracts.registry.GuardRule;
import io.modelledger.contracts.registry.PolicyChangeApproved;
import io.modelledger.contracts.registry.PolicyChangeExpired;
import io.modelledger.contracts.registry.PolicyChangeRejected;
import io.modelledger.contracts.registry.PolicyChangeRequested;
import io.modelledger.contracts.registry.SuiteRequirement;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.promotion.api.ListPolicyChanges;
import io.modelledger.registry.promotion.api.PolicyChangeView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Policy changes on the Mongo wire server: an admin's inbox of pending ones, each decision kept, replayable. */
class PolicyChangeProjectionIT {

    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
    private static final String SHA = "ab".repeat(32);

    private final ProjectionHarness harness = ProjectionHarness.of(PolicyChangeProjection.class);
    private final PolicyChangeProjection projection = new PolicyChangeProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new PolicyChangeRequested("c-1", "model", "fraud", "production", 1,
                                                List.of(new SuiteRequirement("fraud.accuracy", SHA, false, true, 100, 0.01)), 2, true, true,
                                                259_200, "user:root", AT.plusSeconds(86_400), new CanaryRequirement("production", 500), null),
                      AT);
        projection.on(new PolicyChangeRequested("c-2", "prompt", "support", "production", 3, List.of(), 1, true, false, 3600, "user:alice",
                                                AT.plusSeconds(3600)), AT.plusSeconds(10));
        projection.on(new PolicyChangeRejected("c-2", "prompt", "support", "production", "user:root", "too lax"), AT.plusSeconds(20));
        projection.on(new PolicyChangeRequested("c-3", "model", "fraud", "staging", 2, List.of(), 0, false, false, 60, "user:root",
                                                AT.plusSeconds(60)), AT.plusSeconds(30));
        projection.on(new PolicyChangeExpired("c-3", "model", "fraud", "staging"), AT.plusSeconds(90));
        // a JSON Schema's keys ('$ref', dotted names) are no MongoDB field names: the terms are kept as JSON
        projection.on(new GuardPolicyChangeRequested("g-1", "model", "fraud", "production", 1, List.of(),
                                                     List.of(new GuardRule("json_schema", "block", null,
                                                                           Map.of("schema", Map.of("$ref", "#/a.b", "type", "object")))),
                                                     "user:root", AT.plusSeconds(3600)), AT.plusSeconds(40));
        projection.on(new PolicyChangeRequested("c-4", "model", "fraud", "production", 2, List.of(), 3, true, true, 60, "user:root",
                                                AT.plusSeconds(600)), AT.plusSeconds(50));
        projection.on(new PolicyChangeApproved("c-4", "model", "fraud", "production", "user:alice"), AT.plusSeconds(55));
        projection.on(new GuardPolicyChangeRequested("g-2", "prompt", "support", "production", 1, List.of(), List.of(), "user:root",
                                                     AT.plusSeconds(3600)), AT.plusSeconds(60));
        projection.on(new GuardPolicyChangeDecided("g-2", "prompt", "support", "production", GuardPolicyChangeDecided.REJECTED, "user:alice",
                                                   "no"), AT.plusSeconds(70));
    }

    @Test
    void replayingThePolicyChangesRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePendingOnesAreTheInboxNewestFirstWithTheTermsAsAsked() {
        events();
        List<PolicyChangeView> pending = projection.handle(new ListPolicyChanges("pending", 100)).items();
        assertThat(pending).extracting(PolicyChangeView::changeId).containsExactly("g-1", "c-1");
        PolicyChangeView guard = pending.get(0);
        assertThat(guard.policy()).isEqualTo("guard");
        assertThat(guard.target()).isEqualTo("production");
        Map<String, Object> rule = ((List<Map<String, Object>>) guard.terms().get("output")).get(0);
        assertThat((Map<String, Object>) ((Map<String, Object>) rule.get("params")).get("schema")).containsEntry("$ref", "#/a.b");
        PolicyChangeView promotion = pending.get(1);
        assertThat(promotion.policy()).isEqualTo("promotion");
        assertThat(promotion.baseRevision()).isEqualTo(1);
        assertThat(promotion.requestedBy()).isEqualTo("user:root");
        assertThat(promotion.terms()).containsEntry("requiredApprovals", 2).containsEntry("maxCanaryPercent", null);
        assertThat((List<Map<String, Object>>) promotion.terms().get("requirements")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("suite", "fraud.accuracy").containsEntry("suiteSha256", SHA).containsEntry("minCases", 100));
        assertThat((Map<String, Object>) promotion.terms().get("canary")).containsEntry("minRecords", 500);

        assertThat(projection.handle(new ListPolicyChanges("rejected", 100)).items())
                .extracting(PolicyChangeView::changeId, PolicyChangeView::decidedBy, PolicyChangeView::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("g-2", "user:alice", "no"),
                                 org.assertj.core.groups.Tuple.tuple("c-2", "user:root", "too lax"));
        assertThat(projection.handle(new ListPolicyChanges("approved", 100)).items()).extracting(PolicyChangeView::changeId).containsExactly("c-4");
        assertThat(projection.handle(new ListPolicyChanges("expired", 100)).items()).extracting(PolicyChangeView::changeId).containsExactly("c-3");
        assertThat(projection.handle(new ListPolicyChanges("pending", 1)).items()).hasSize(1);
    }
}
