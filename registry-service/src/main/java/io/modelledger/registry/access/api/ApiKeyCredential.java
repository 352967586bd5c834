package io.modelledger.registry.access.api;

import java.time.Instant;
import java.util.List;

/** What the gateway needs to check a presented key: answered only on the internal endpoint. */
public record ApiKeyCredential(String keyId, String secretSha256, String owner, List<String> roles,
                               Instant expiresAt, boolean revoked, String boundModel, String boundEnvironment) {

    public ApiKeyCredential(String keyId, String secretSha256, String owner, List<String> roles, Instant expiresAt, boolean revoked) {
        this(keyId, secretSha256, owner, roles, expiresAt, revoked, null, null);
    }
}
