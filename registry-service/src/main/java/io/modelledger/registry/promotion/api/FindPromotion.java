package io.modelledger.registry.promotion.api;

import static org.springframework.data.mongodb.core.query.Criteria.where;

public record FindPromotion(String subjectKind, String subjectName, String promotionId) {
}
