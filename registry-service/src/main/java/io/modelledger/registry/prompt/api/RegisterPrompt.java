package io.modelledger.registry.prompt.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Map;

public record RegisterPrompt(@TargetAggregateIdentifier PromptId promptId, String description, Map<String, String> tags) {
}
