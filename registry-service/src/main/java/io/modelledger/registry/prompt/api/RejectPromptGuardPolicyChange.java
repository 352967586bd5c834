package io.modelledger.registry.prompt.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

@RequiresRole(Roles.ADMIN)
public record RejectPromptGuardPolicyChange(@TargetAggregateIdentifier PromptId promptId, String environment, String changeId, String reason) {
}
