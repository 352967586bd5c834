package io.modelledger.contracts.registry;

import java.util.List;

/**
 * The rules for moving a protected alias of a model, as data; each definition is a new {@code revision}.
 *
 * @param requiredSuites        evaluation suites that must have a passing verdict for the exact version
 * @param requiredApprovals     how many distinct approvers must approve
 * @param forbidSelfApproval    whether the requester is barred from approving their own request
 * @param blockOnCriticalAlerts whether an open critical alert on the model blocks the promotion
 * @param requestTtlSeconds     how long a request stays open before it expires
 */
public record PromotionPolicyDefined(String modelName, String alias, int revision, List<String> requiredSuites,
                                     int requiredApprovals, boolean forbidSelfApproval, boolean blockOnCriticalAlerts,
                                     long requestTtlSeconds) {

    public PromotionPolicyDefined {
        requiredSuites = requiredSuites == null ? List.of() : List.copyOf(requiredSuites);
    }
}
