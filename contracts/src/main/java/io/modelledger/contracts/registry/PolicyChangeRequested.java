package io.modelledger.contracts.registry;

import java.time.Instant;
import java.util.List;

/**
 * An admin asked to change the promotion policy of an alias that already has one. Nothing changes until a
 * different admin approves ({@link PolicyChangeApproved}, then {@link PromotionPolicyDefined}); the request
 * lapses at {@code expiresAt}. {@code baseRevision} is the revision the change was asked against.
 */
public record PolicyChangeRequested(String changeId, String subjectKind, String subjectName, String alias, int baseRevision,
                                    List<SuiteRequirement> requirements, int requiredApprovals, boolean forbidSelfApproval,
                                    boolean blockOnCriticalAlerts, long requestTtlSeconds, String requestedBy,
                                    Instant expiresAt, CanaryRequirement canary, Integer maxCanaryPercent) {

    public PolicyChangeRequested {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
    }

    /** A change asked for before policies could ask about canaries. */
    public PolicyChangeRequested(String changeId, String subjectKind, String subjectName, String alias, int baseRevision,
                                 List<SuiteRequirement> requirements, int requiredApprovals, boolean forbidSelfApproval,
                                 boolean blockOnCriticalAlerts, long requestTtlSeconds, String requestedBy, Instant expiresAt) {
        this(changeId, subjectKind, subjectName, alias, baseRevision, requirements, requiredApprovals, forbidSelfApproval,
             blockOnCriticalAlerts, requestTtlSeconds, requestedBy, expiresAt, null, null);
    }
}
