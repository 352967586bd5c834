package io.modelledger.audit.api;

/** The public half of the key exports are signed with; answered with an {@link AuditPublicKey}. */
public record FindSigningKey() {
}
