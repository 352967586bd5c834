package io.modelledger.registry.model.api;

import java.time.Instant;

public record AliasChange(int version, Integer previousVersion, String promotionId, Instant at, String actor) {
}
