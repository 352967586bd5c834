package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RetireDeployment(@TargetAggregateIdentifier ModelId modelId, String environment) {
}
