package io.modelledger.audit.api;

/**
 * What an auditor can ask, combinable; {@code null} means any. Times are ISO-8601 instants, {@code from}
 * inclusive and {@code to} exclusive.
 */
public record AuditFilter(String subject, String actor, String type, String service, String requestId, String traceId,
                     java.time.Instant from, java.time.Instant to) {

    public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null, null, null);
}
