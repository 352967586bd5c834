package io.modelledger.contracts.audit;

/** Someone exported audit data: what ({@code scope}), how many entries, and the signed digest they received. */
public record AuditExported(String scope, String format, long count, String bundleHash) {
}
