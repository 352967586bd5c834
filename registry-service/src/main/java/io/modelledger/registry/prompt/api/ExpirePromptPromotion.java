package io.modelledger.registry.prompt.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Instant;

public record ExpirePromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId, Instant now) {
}
