package io.modelledger.registry.prompt.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.contracts.registry.GuardRule;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The runtime guard's checks for one environment: in force at once, or pending a second admin where the environment is protected. */
@RequiresRole(Roles.ADMIN)
public record DefinePromptGuardPolicy(@TargetAggregateIdentifier PromptId promptId, String changeId, String environment, List<GuardRule> input,
                               List<GuardRule> output, Instant requestedAt, Duration changeTtl) {
}
