package io.modelledger.contracts.registry;

import java.time.Instant;

/** Someone asked to move a protected alias to a version, under policy revision {@code policyRevision}. */
public record PromotionRequested(String promotionId, String modelName, int version, String alias, String requestedBy,
                                 int policyRevision, int requiredApprovals, Instant expiresAt) {
}
