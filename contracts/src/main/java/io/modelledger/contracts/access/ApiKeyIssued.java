package io.modelledger.contracts.access;

import java.time.Instant;
import java.util.List;

/**
 * An API key was issued. The key itself is shown once to whoever created it and never stored: only the
 * SHA-256 of its secret part is (the secret has 256 bits of entropy, so the hash reveals nothing usable).
 * An ingest key may be bound to one deployment ({@code boundModel} in {@code boundEnvironment}): it may send telemetry
 * for that deployment only, and only telemetry from keys bound to a deployment counts as its canary evidence.
 */
public record ApiKeyIssued(String keyId, String name, String owner, List<String> roles, Instant expiresAt,
                           String secretSha256, String boundModel, String boundEnvironment) {

    public ApiKeyIssued {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** A key bound to no deployment (every key issued before keys could be bound). */
    public ApiKeyIssued(String keyId, String name, String owner, List<String> roles, Instant expiresAt, String secretSha256) {
        this(keyId, name, owner, roles, expiresAt, secretSha256, null, null);
    }
}
