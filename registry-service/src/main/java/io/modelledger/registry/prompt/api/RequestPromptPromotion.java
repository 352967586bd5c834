package io.modelledger.registry.prompt.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Instant;

@RequiresRole({Roles.CONTRIBUTOR, Roles.ADMIN})
public record RequestPromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId, int version,
                                     String alias, AliasGovernance.Evidence evidence, Instant requestedAt) {
}
