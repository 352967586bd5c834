package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * Every condition of the policy held: the alias moved (see the alias event that follows). {@code evidence}
 * names, per required suite, the event id of the verdict the promotion was approved on.
 */
public record PromotionCompleted(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName,
                                 int version, String alias, java.util.Map<String, String> evidence) {

    public PromotionCompleted {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
        evidence = evidence == null ? java.util.Map.of() : java.util.Map.copyOf(evidence);
    }

    /** A completion recorded before the satisfying verdicts were named. */
    public PromotionCompleted(String promotionId, String subjectKind, String subjectName, int version, String alias) {
        this(promotionId, subjectKind, subjectName, version, alias, null);
    }
}
