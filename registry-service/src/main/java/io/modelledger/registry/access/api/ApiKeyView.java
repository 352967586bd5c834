package io.modelledger.registry.access.api;

import java.time.Instant;
import java.util.List;

/** An API key as admins see it: never its secret, nor the secret's hash. */
public record ApiKeyView(String keyId, String name, String owner, List<String> roles, Instant expiresAt,
                         Instant issuedAt, String issuedBy, boolean revoked, Instant revokedAt, String revokedBy,
                         String boundModel, String boundEnvironment) {

    public ApiKeyView(String keyId, String name, String owner, List<String> roles, Instant expiresAt, Instant issuedAt,
                      String issuedBy, boolean revoked, Instant revokedAt, String revokedBy) {
        this(keyId, name, owner, roles, expiresAt, issuedAt, issuedBy, revoked, revokedAt, revokedBy, null, null);
    }
}
