package io.modelledger.audit.api;

import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.TrafficSplit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model as it was at an instant, folded from its audit entries up to then: its versions, aliases (with the
 * promotion that moved each), deployments, open alerts, latest verdict per suite and promotion policies.
 */
public record ModelState(String modelName, Instant at, long lastPosition, List<Version> versions, Map<String, Alias> aliases,
                         Map<String, List<TrafficSplit>> deployments, Map<String, String> openAlerts,
                         Map<String, Verdict> latestVerdicts, Map<String, PromotionPolicyDefined> policies) {

    public record Version(int version, String sha256, String registeredAt, String registeredBy, boolean deprecated) {
    }

    /** {@code approvedOn} names the verdicts the promotion that moved the alias stood on (null without one). */
    public record Alias(int version, String movedAt, String movedBy, String promotionId, List<String> approvedBy,
                        String approvedOn) {
    }

    /** {@code passed} is null when the suite gated on no metric. */
    public record Verdict(int version, Boolean passed, String runId, String at) {
    }
}
