package io.modelledger.registry.model.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

@RequiresRole(Roles.ADMIN)
public record RejectGuardPolicyChange(@TargetAggregateIdentifier ModelId modelId, String environment, String changeId, String reason) {
}
