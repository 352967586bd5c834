package io.modelledger.audit.api;

import io.modelledger.contracts.audit.AuditBundle;

/** Signs an export's manifest with the platform's audit key; answered with the base64 Ed25519 signature. */
public record SignManifest(AuditBundle.Manifest manifest) {
}
