package io.modelledger.registry.promotion.api;

import java.time.Instant;
import java.util.Map;

/**
 * A change of a policy that waits for (or got) a second admin's decision: of a model's or prompt's promotion policy
 * ({@code policy} {@code promotion}, {@code target} the alias) or of its guard policy in an environment ({@code guard},
 * {@code target} the environment). {@code terms} are the requested policy as the request body gave them;
 * {@code status} is {@code pending}, {@code approved}, {@code rejected} or {@code expired}.
 */
public record PolicyChangeView(String changeId, String policy, String subjectKind, String subjectName, String target, int baseRevision,
                               String requestedBy, Instant requestedAt, Instant expiresAt, String status, String decidedBy,
                               String reason, Instant decidedAt, Map<String, Object> terms) {
}
