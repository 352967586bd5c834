package io.modelledger.contracts.registry;

/** A second admin approved a pending policy change; the new revision follows as {@link PromotionPolicyDefined}. */
public record PolicyChangeApproved(String changeId, String subjectKind, String subjectName, String alias, String approver) {
}
