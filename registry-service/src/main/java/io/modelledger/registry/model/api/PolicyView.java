package io.modelledger.registry.model.api;

import java.util.List;

/** The promotion policy protecting an alias, as it stands now. */
public record PolicyView(String alias, int revision, List<String> requiredSuites, int requiredApprovals,
                         boolean forbidSelfApproval, boolean blockOnCriticalAlerts, long requestTtlSeconds) {
}
