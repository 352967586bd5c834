package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeployVersion(@TargetAggregateIdentifier ModelId modelId, String environment, int version, int percent) {
}
