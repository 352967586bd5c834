package io.modelledger.registry.access.api;

import java.time.Instant;
import java.util.List;

/**
 * A request for a key with a privileged role, as admins see it: who asked, for whom and with which roles, until when a
 * second admin may approve it, and whether one did ({@code status} {@code pending}, {@code approved}, {@code expired}, or
 * {@code withdrawn} when the key was revoked before anyone approved it).
 * The key's owner made the key: its secret is nowhere, nor is the secret's hash shown.
 */
public record ApiKeyRequestView(String keyId, String name, String owner, List<String> roles, Instant expiresAt, String requestedBy,
                                Instant requestedAt, Instant requestExpiresAt, String status, String approvedBy, Instant approvedAt) {
}
