package io.modelledger.registry.promotion.api;

import java.util.List;

public record OverduePromotions(List<PromotionView> items) {
}
