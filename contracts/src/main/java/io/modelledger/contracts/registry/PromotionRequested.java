package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.time.Instant;

/** Someone asked to move a protected alias of a model or prompt to a version, under policy revision {@code policyRevision}. */
public record PromotionRequested(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName, int version,
                                 String alias, String requestedBy, int policyRevision, int requiredApprovals,
                                 Instant expiresAt) {

    public PromotionRequested {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
    }
}
