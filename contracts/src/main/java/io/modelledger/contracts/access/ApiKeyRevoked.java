package io.modelledger.contracts.access;

/** An API key was revoked; from then on it authenticates nobody. Why is in the event's {@code reason}. */
public record ApiKeyRevoked(String keyId) {
}
