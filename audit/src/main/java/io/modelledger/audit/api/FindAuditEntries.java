package io.modelledger.audit.api;

/** Entries in global order after position {@code after} that match the filter; answered with an {@link AuditPage}. */
public record FindAuditEntries(AuditFilter filter, long after, int limit) {
}
