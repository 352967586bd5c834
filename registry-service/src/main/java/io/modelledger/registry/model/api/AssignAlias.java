package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AssignAlias(@TargetAggregateIdentifier ModelId modelId, String alias, int version) {
}
