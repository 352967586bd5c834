package io.modelledger.registry.model.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

@RequiresRole({Roles.APPROVER, Roles.ADMIN})
public record RejectPromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, String reason) {
}
