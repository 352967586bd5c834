package io.modelledger.registry.prompt.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

@RequiresRole(Roles.ADMIN)
public record ApprovePromptGuardPolicyChange(@TargetAggregateIdentifier PromptId promptId, String environment, String changeId, Instant now) {
}
