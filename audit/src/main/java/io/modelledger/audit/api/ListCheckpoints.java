package io.modelledger.audit.api;

/** The checkpoints written outside the database, oldest first; answered with a list of {@code AuditCheckpoint}. */
public record ListCheckpoints() {
}
