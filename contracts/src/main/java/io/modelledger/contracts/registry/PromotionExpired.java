package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

/** A promotion request was still open at its deadline and lapsed. */
public record PromotionExpired(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName,
                               int version, String alias) {

    public PromotionExpired {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
    }
}
