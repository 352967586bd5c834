package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

/** Every condition of the policy held: the alias moved (see the alias event that follows). */
public record PromotionCompleted(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName,
                                 int version, String alias) {

    public PromotionCompleted {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
    }
}
