package io.modelledger.registry.access.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** A second admin approves a privileged key request; the key's owner made its secret, which no admin sees. */
@RequiresRole(Roles.ADMIN)
public record ApproveApiKeyIssuance(@TargetAggregateIdentifier ApiKeyId id, Instant now) {
}
