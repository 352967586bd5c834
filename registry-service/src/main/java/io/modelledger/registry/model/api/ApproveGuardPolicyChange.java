package io.modelledger.registry.model.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

@RequiresRole(Roles.ADMIN)
public record ApproveGuardPolicyChange(@TargetAggregateIdentifier ModelId modelId, String environment, String changeId, Instant now) {
}
