package io.modelledger.contracts.registry;

/** One approver approved; {@code approvals} distinct approvals so far, {@code requiredApprovals} needed. */
public record PromotionApproved(String promotionId, String modelName, String approver, int approvals,
                                int requiredApprovals) {
}
