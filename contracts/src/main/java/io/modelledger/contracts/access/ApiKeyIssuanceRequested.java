package io.modelledger.contracts.access;

import java.time.Instant;
import java.util.List;

/**
 * An admin asked for a key with a privileged role ({@code approver} or {@code admin}) once the
 * installation has two admins: no key exists until a different admin approves
 * ({@link ApiKeyIssuanceApproved}, then {@link ApiKeyIssued}). The request lapses at {@code requestExpiresAt}.
 * The owner made the key: only the SHA-256 of its secret is here, so no admin ever holds it.
 */
public record ApiKeyIssuanceRequested(String keyId, String name, String owner, List<String> roles, Instant expiresAt,
                                      String requestedBy, Instant requestExpiresAt, String secretSha256) {

    public ApiKeyIssuanceRequested {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
