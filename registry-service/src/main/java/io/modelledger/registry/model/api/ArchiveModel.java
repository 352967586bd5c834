package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ArchiveModel(@TargetAggregateIdentifier ModelId modelId) {
}
