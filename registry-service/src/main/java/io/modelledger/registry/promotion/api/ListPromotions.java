package io.modelledger.registry.promotion.api;

/** Promotions of models and prompts in one status, newest request first. */
public record ListPromotions(String status, int limit) {
}
