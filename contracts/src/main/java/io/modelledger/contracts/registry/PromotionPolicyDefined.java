package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.List;

/**
 * The rules for moving a protected alias of a model or prompt ({@code subjectKind}), as data; each
 * definition is a new {@code revision}.
 *
 * @param requiredSuites        the names of the suites in {@code requirements}
 * @param requirements          per suite, the pinned suite version and what counts as evidence
 * @param requiredApprovals     how many distinct approvers must approve
 * @param forbidSelfApproval    whether the requester is barred from approving their own request
 * @param blockOnCriticalAlerts whether an open critical alert on the subject blocks the promotion
 * @param requestTtlSeconds     how long a request stays open before it expires
 * @param canary                what the candidate's canary analysis must show, or null when the policy asks nothing of it
 * @param maxCanaryPercent      on the policy of an environment's canary grant (the alias {@code <environment>-canary}):
 *                              the largest share of that environment's traffic a granted version may serve; null elsewhere
 */
public record PromotionPolicyDefined(String subjectKind, @JsonAlias("modelName") String subjectName, String alias, int revision,
                                     List<String> requiredSuites, int requiredApprovals, boolean forbidSelfApproval,
                                     boolean blockOnCriticalAlerts, long requestTtlSeconds,
                                     List<SuiteRequirement> requirements, CanaryRequirement canary, Integer maxCanaryPercent) {

    public PromotionPolicyDefined {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
        requiredSuites = requiredSuites == null ? List.of() : List.copyOf(requiredSuites);
        requirements = requirements == null
                ? requiredSuites.stream().map(SuiteRequirement::unpinned).toList() : List.copyOf(requirements);
    }

    /** A revision recorded before policies could ask about canaries. */
    public PromotionPolicyDefined(String subjectKind, String subjectName, String alias, int revision, List<String> requiredSuites,
                                  int requiredApprovals, boolean forbidSelfApproval, boolean blockOnCriticalAlerts,
                                  long requestTtlSeconds, List<SuiteRequirement> requirements) {
        this(subjectKind, subjectName, alias, revision, requiredSuites, requiredApprovals, forbidSelfApproval,
             blockOnCriticalAlerts, requestTtlSeconds, requirements, null, null);
    }

    /** A revision recorded before requirements were pinned: each required suite becomes an unpinned requirement. */
    public PromotionPolicyDefined(String subjectKind, String subjectName, String alias, int revision, List<String> requiredSuites,
                                  int requiredApprovals, boolean forbidSelfApproval, boolean blockOnCriticalAlerts,
                                  long requestTtlSeconds) {
        this(subjectKind, subjectName, alias, revision, requiredSuites, requiredApprovals, forbidSelfApproval,
             blockOnCriticalAlerts, requestTtlSeconds, null, null, null);
    }
}
