package io.modelledger.monitor.policy.query;

import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.AlertRuleRemoved;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.monitor.policy.api.FindMonitoringPolicy;
import io.modelledger.monitor.policy.api.ListAlertRules;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Monitoring policies and alert rules on the Mongo wire server: the latest policy wins, a removed rule is gone. */
class PolicyProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(PolicyProjection.class);
    private final PolicyProjection projection = new PolicyProjection(harness.mongo());
    private final PolicyStore policies = new PolicyStore(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private static MonitoringPolicyDefined policy(double pValue) {
        return new MonitoringPolicyDefined("fraud", pValue, 0.1, 0.5, Map.of("amount", "psi"), true, false, 0.3, false, false);
    }

    private void events() {
        projection.on(policy(0.05));
        projection.on(policy(0.01));
        projection.on(new AlertRuleDefined("slow", "fraud", "prod", "latency_p95", ">", 500, 300, "critical", 3600));
        projection.on(new AlertRuleDefined("costly", "fraud", null, "cost_total", ">", 20, 3600, "warning", 3600));
        projection.on(new AlertRuleDefined("errors", "fraud", null, "error_rate", ">", 0.05, 300, "critical", 600));
        projection.on(new AlertRuleRemoved("costly", "fraud"));
    }

    @Test
    void replayingPoliciesAndRulesRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void theLatestPolicyAndTheRulesNotRemovedAreAnswered() {
        events();
        assertThat(policies.handle(new FindMonitoringPolicy("fraud"))).hasValueSatisfying(p -> assertThat(p.pValueThreshold()).isEqualTo(0.01));
        assertThat(policies.handle(new ListAlertRules("fraud"))).extracting(AlertRuleDefined::ruleId).containsExactlyInAnyOrder("slow", "errors");
        assertThat(policies.handle(new FindMonitoringPolicy("churn"))).isEmpty();
    }

    @Test
    void onlineChecksWithAJsonSchemaAndContentCaptureComeBackAsDefined() {
        Map<String, Object> schema = Map.of("$schema", "https://json-schema.org/draft/2020-12/schema", "type", "object",
                                            "required", java.util.List.of("answer"), "$defs", Map.of("id", Map.of("type", "string")));
        MonitoringPolicyDefined defined = new MonitoringPolicyDefined("fraud", 0.05, 0.1, 0.5, Map.of(), false, false, null, false, false, 0.5,
                java.util.List.of(new MonitoringPolicyDefined.OnlineCheck("answer", "json_schema", Map.of("schema", schema))), true, 3600L);
        projection.on(defined);
        assertThat(policies.policy("fraud")).contains(defined);
    }
}
