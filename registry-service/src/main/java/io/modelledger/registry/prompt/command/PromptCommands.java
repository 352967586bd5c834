package io.modelledger.registry.prompt.command;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

import java.util.List;
import java.util.Map;

public final class PromptCommands {

    private PromptCommands() {
    }

    /** Identifies a Prompt aggregate; the string form is unique across all aggregates of the store. */
    public record PromptId(String name) {
        @Override
        public String toString() {
            return "prompt:" + name;
        }
    }

    public record RegisterPrompt(@TargetAggregateIdentifier PromptId promptId, String description, Map<String, String> tags) {
    }

    public record RegisterPromptVersion(@TargetAggregateIdentifier PromptId promptId, String template, List<String> variables,
                                        String targetProvider, String targetModel, Map<String, Object> parameters,
                                        String commitMessage) {
    }

    public record AssignPromptAlias(@TargetAggregateIdentifier PromptId promptId, String alias, int version) {
    }

    /** The first policy of an alias holds at once; a later one is a change a second admin must approve. */
    @RequiresRole(Roles.ADMIN)
    public record DefinePromptPromotionPolicy(@TargetAggregateIdentifier PromptId promptId, String changeId, String alias,
                                              AliasGovernance.PolicyTerms terms, Instant requestedAt, Duration changeTtl) {
    }

    @RequiresRole(Roles.ADMIN)
    public record ApprovePromptPolicyChange(@TargetAggregateIdentifier PromptId promptId, String changeId, Instant now) {
    }

    @RequiresRole(Roles.ADMIN)
    public record RejectPromptPolicyChange(@TargetAggregateIdentifier PromptId promptId, String changeId, String reason) {
    }

    @RequiresRole({Roles.CONTRIBUTOR, Roles.ADMIN})
    public record RequestPromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId, int version,
                                         String alias, AliasGovernance.Evidence evidence, Instant requestedAt) {
    }

    /** Approvers only: an admin, who can create contributor identities, must not also be the second pair of eyes. */
    @RequiresRole(Roles.APPROVER)
    public record ApprovePromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId,
                                         AliasGovernance.Evidence evidence) {
    }

    @RequiresRole({Roles.APPROVER, Roles.ADMIN})
    public record RejectPromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId, String reason) {
    }

    public record ExpirePromptPromotion(@TargetAggregateIdentifier PromptId promptId, String promotionId, Instant now) {
    }
}
