package io.modelledger.registry.model.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Duration;
import java.time.Instant;

/** The first policy of an alias holds at once; a later one is a change a second admin must approve. */
@RequiresRole(Roles.ADMIN)
public record DefinePromotionPolicy(@TargetAggregateIdentifier ModelId modelId, String changeId, String alias,
                                    AliasGovernance.PolicyTerms terms, Instant requestedAt, Duration changeTtl) {
}
