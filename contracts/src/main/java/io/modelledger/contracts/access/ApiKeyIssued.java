package io.modelledger.contracts.access;

import java.time.Instant;
import java.util.List;

/**
 * An API key was issued. The key itself is shown once to whoever created it and never stored: only the
 * SHA-256 of its secret part is (the secret has 256 bits of entropy, so the hash reveals nothing usable).
 */
public record ApiKeyIssued(String keyId, String name, String owner, List<String> roles, Instant expiresAt,
                           String secretSha256) {

    public ApiKeyIssued {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
