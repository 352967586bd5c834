package io.modelledger.contracts.registry;

/** Every condition of the policy held: the alias moved (see the {@link ModelAliasAssigned} that follows). */
public record PromotionCompleted(String promotionId, String modelName, int version, String alias) {
}
