package io.modelledger.registry.access.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

@RequiresRole(Roles.ADMIN)
public record RevokeApiKey(@TargetAggregateIdentifier ApiKeyId id) {
}
