package io.modelledger.registry.promotion.api;

import java.util.List;

/** Promotions, newest request first. */
public record PromotionList(List<PromotionView> items) {
}
