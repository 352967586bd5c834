package io.modelledger.registry.model.api;

import java.util.List;

/**
 * The promotion policy protecting an alias, as it stands now: with what it asks of a canary ({@code canary}) and, for a
 * canary grant, the largest share a canary may serve ({@code maxCanaryPercent}); {@code requirements} are its suites with the
 * pinned version and what counts as evidence (null in documents projected before they were kept).
 */
public record PolicyView(String alias, int revision, List<String> requiredSuites, int requiredApprovals,
                         boolean forbidSelfApproval, boolean blockOnCriticalAlerts, long requestTtlSeconds,
                         io.modelledger.contracts.registry.CanaryRequirement canary, Integer maxCanaryPercent,
                         List<io.modelledger.contracts.registry.SuiteRequirement> requirements) {
}
