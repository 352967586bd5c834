package io.modelledger.registry.prompt.api;

import java.time.Instant;
import static org.springframework.data.mongodb.core.query.Criteria.where;

public record AliasChange(int version, Integer previousVersion, String promotionId, Instant at, String actor) {
}
