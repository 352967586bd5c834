package io.modelledger.registry.prompt.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AssignPromptAlias(@TargetAggregateIdentifier PromptId promptId, String alias, int version) {
}
