package io.modelledger.registry.prompt.api;

import java.time.Instant;

public record AliasChange(int version, Integer previousVersion, String promotionId, Instant at, String actor) {
}
