package io.modelledger.registry.promotion.api;

public record FindPromotion(String subjectKind, String subjectName, String promotionId) {
}
