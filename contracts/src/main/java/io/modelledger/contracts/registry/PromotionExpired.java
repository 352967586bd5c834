package io.modelledger.contracts.registry;

/** A promotion request was still open at its deadline and lapsed. */
public record PromotionExpired(String promotionId, String modelName, int version, String alias) {
}
