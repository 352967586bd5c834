/**
 * The audit trail's shared forms (entries, bundles, checkpoints) and its one event, {@code AuditExported}, which
 * registry-service emits; the trail has recorded it under {@code audit} since its first format.
 */
@EmittedBy("audit")
package io.modelledger.contracts.audit;

import io.modelledger.contracts.EmittedBy;
