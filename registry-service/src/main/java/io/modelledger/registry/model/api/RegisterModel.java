package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

public record RegisterModel(@TargetAggregateIdentifier ModelId modelId, String description, Map<String, String> tags,
                            String ownerTeam, String taskType, String riskTier) {

    public RegisterModel(ModelId modelId, String description, Map<String, String> tags) {
        this(modelId, description, tags, null, null, null);
    }
}
