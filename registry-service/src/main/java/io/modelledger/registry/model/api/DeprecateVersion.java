package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeprecateVersion(@TargetAggregateIdentifier ModelId modelId, int version, String reason) {
}
