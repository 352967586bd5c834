package io.modelledger.registry.promotion.api;

import java.time.Instant;

/** Pending promotions whose deadline is before {@code now}. */
public record FindOverduePromotions(Instant now) {
}
