package io.modelledger.registry.prompt.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

@RequiresRole({Roles.APPROVER, Roles.ADMIN})
public record RejectPromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId, String reason) {
}
