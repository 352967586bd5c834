package io.modelledger.audit.api;

import io.modelledger.contracts.audit.AuditEntry;
import java.util.List;

public record AuditPage(List<AuditEntry> items, Long next) {
}
