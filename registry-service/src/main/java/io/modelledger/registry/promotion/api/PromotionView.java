package io.modelledger.registry.promotion.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A promotion as its requester and approvers see it; {@code evidence} names, per required suite, the
 * event id of the verdict it stands on (at the request; at completion, the one it was approved on); {@code policyRevision}
 * is the revision of the alias's policy it was requested under (null for promotions projected before it was kept).
 */
public record PromotionView(String promotionId, String subjectKind, String subjectName, int version, String alias, String requestedBy,
                            Instant requestedAt, Instant expiresAt, String status, List<String> approvers,
                            int requiredApprovals, List<String> reasons, Instant decidedAt, Map<String, String> evidence,
                            Integer policyRevision) {
}
