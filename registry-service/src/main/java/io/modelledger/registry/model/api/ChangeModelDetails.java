package io.modelledger.registry.model.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Map;

public record ChangeModelDetails(@TargetAggregateIdentifier ModelId modelId, String description, String ownerTeam,
                                 String riskTier, Map<String, String> tags) {
}
