package io.modelledger.registry.prompt.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.List;
import java.util.Map;

public record RegisterPromptVersion(@TargetAggregateIdentifier PromptId promptId, String template, List<String> variables,
                                    String targetProvider, String targetModel, Map<String, Object> parameters,
                                    String commitMessage) {
}
