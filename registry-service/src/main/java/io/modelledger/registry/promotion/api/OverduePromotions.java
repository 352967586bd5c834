package io.modelledger.registry.promotion.api;

import java.util.List;
import static org.springframework.data.mongodb.core.query.Criteria.where;

public record OverduePromotions(List<PromotionView> items) {
}
