package io.modelledger.contracts.access;

/** A second admin approved a privileged key request; the key is issued by the {@link ApiKeyIssued} that follows. */
public record ApiKeyIssuanceApproved(String keyId, String approver) {
}
