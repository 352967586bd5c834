package io.modelledger.registry.prompt.api;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approvers only: an admin, who can create contributor identities, must not also be the second pair of eyes. */
@RequiresRole(Roles.APPROVER)
public record ApprovePromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId,
                                     AliasGovernance.Evidence evidence) {
}
