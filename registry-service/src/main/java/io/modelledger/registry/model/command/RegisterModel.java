package io.modelledger.registry.model.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

public record RegisterModel(@TargetAggregateIdentifier ModelId modelId, String description, Map<String, String> tags) {
}
