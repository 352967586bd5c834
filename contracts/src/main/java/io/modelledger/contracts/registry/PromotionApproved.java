package io.modelledger.contracts.registry;

import com.fasterxml.jackson.annotation.JsonAlias;

/** One approver approved; {@code approvals} distinct approvals so far, {@code requiredApprovals} needed. */
public record PromotionApproved(String promotionId, String subjectKind, @JsonAlias("modelName") String subjectName,
                                String approver, int approvals, int requiredApprovals) {

    public PromotionApproved {
        subjectKind = subjectKind == null ? Subjects.MODEL : subjectKind;
    }
}
