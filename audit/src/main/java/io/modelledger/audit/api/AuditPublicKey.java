package io.modelledger.audit.api;

/** The key that checks exports offline: its id, algorithm and base64 X.509 public key. */
public record AuditPublicKey(String keyId, String algorithm, String publicKey) {
}
