package io.modelledger.registry.model.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.time.Instant;

@RequiresRole({Roles.CONTRIBUTOR, Roles.ADMIN})
public record RequestPromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, int version,
                               String alias, AliasGovernance.Evidence evidence, Instant requestedAt) {
}
