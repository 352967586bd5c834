package io.modelledger.registry.promotion.api;

import java.time.Instant;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Pending promotions whose deadline is before {@code now}. */
public record FindOverduePromotions(Instant now) {
}
