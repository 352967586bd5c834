package io.modelledger.contracts.registry;

/**
 * What became of a pending guard policy change: {@code approved} (by a second admin, {@code decidedBy}; the new revision
 * follows as {@link GuardPolicyDefined}), {@code rejected} (with the admin's {@code reason}) or {@code expired} (no one
 * decided in time; {@code decidedBy} is null). Only an approval changes the policy.
 */
public record GuardPolicyChangeDecided(String changeId, String subjectKind, String subjectName, String environment, String decision,
                                       String decidedBy, String reason) {

    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
}
