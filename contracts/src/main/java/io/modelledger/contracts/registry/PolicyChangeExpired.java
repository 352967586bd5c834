package io.modelledger.contracts.registry;

/** A pending policy change was not approved before its deadline and lapsed; the policy stays as it was. */
public record PolicyChangeExpired(String changeId, String subjectKind, String subjectName, String alias) {
}
