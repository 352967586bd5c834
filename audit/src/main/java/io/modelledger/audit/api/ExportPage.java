package io.modelledger.audit.api;

import io.modelledger.contracts.audit.AuditEntry;

import java.util.List;

/** Entries of an export, and the cursor of the next page (null on the last). */
public record ExportPage(List<AuditEntry> entries, Long next) {
}
