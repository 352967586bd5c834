package io.modelledger.registry.access.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeApiKey(@TargetAggregateIdentifier ApiKeyId id) {
}
