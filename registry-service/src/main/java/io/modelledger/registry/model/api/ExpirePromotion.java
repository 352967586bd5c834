package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Instant;

/** Expires a promotion whose deadline passed while no deadline manager held it (e.g. across a restart). */
public record ExpirePromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, Instant now) {
}
