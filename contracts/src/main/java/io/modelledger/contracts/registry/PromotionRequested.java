package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.time.Instant;

/**
 * Someone asked to move a protected alias of a model or prompt to a version, under policy revision
 * {@code policyRevision}. {@code evidence} names, per required suite, the event id of the verdict that
 * satisfied it at the time of the request (empty when the request was rejected at once).
 */
public record PromotionRequested(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName, int version,
                                 String alias, String requestedBy, int policyRevision, int requiredApprovals,
                                 Instant expiresAt, java.util.Map<String, String> evidence) {

    public PromotionRequested {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
        evidence = evidence == null ? java.util.Map.of() : java.util.Map.copyOf(evidence);
    }

    /** A request recorded before the satisfying verdicts were named. */
    public PromotionRequested(String promotionId, String subjectKind, String subjectName, int version, String alias,
                              String requestedBy, int policyRevision, int requiredApprovals, Instant expiresAt) {
        this(promotionId, subjectKind, subjectName, version, alias, requestedBy, policyRevision, requiredApprovals, expiresAt, null);
    }
}
