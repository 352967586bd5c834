package io.modelledger.contracts.registry;

/** An admin turned a pending policy change down; the policy stays as it was. */
public record PolicyChangeRejected(String changeId, String subjectKind, String subjectName, String alias, String rejectedBy,
                                   String reason) {
}
