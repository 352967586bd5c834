package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

import java.util.List;

/** A promotion was refused; {@code reasons} lists every unmet condition, or the approver's reason. */
public record PromotionRejected(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName, int version,
                                String alias, List<String> reasons) {

    public PromotionRejected {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
