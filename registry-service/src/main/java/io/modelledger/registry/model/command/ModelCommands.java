package io.modelledger.registry.model.command;

import io.modelledger.contracts.registry.Lineage;
import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.access.Roles;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Commands to the Model aggregate beyond registration: aliases, promotion policies, promotions and
 * deployments. The actor of each comes from the command's metadata.
 */
public final class ModelCommands {

    private ModelCommands() {
    }

    public record ChangeModelDetails(@TargetAggregateIdentifier ModelId modelId, String description, String ownerTeam,
                                     String riskTier, Map<String, String> tags) {
    }

    public record ArchiveModel(@TargetAggregateIdentifier ModelId modelId) {
    }

    public record RestoreModel(@TargetAggregateIdentifier ModelId modelId) {
    }

    public record DeprecateVersion(@TargetAggregateIdentifier ModelId modelId, int version, String reason) {
    }

    public record AssignAlias(@TargetAggregateIdentifier ModelId modelId, String alias, int version) {
    }

    /** The first policy of an alias holds at once; a later one is a change a second admin must approve. */
    @RequiresRole(Roles.ADMIN)
    public record DefinePromotionPolicy(@TargetAggregateIdentifier ModelId modelId, String changeId, String alias,
                                        AliasGovernance.PolicyTerms terms, Instant requestedAt, Duration changeTtl) {
    }

    @RequiresRole(Roles.ADMIN)
    public record ApprovePolicyChange(@TargetAggregateIdentifier ModelId modelId, String changeId, Instant now) {
    }

    @RequiresRole(Roles.ADMIN)
    public record RejectPolicyChange(@TargetAggregateIdentifier ModelId modelId, String changeId, String reason) {
    }

    @RequiresRole({Roles.CONTRIBUTOR, Roles.ADMIN})
    public record RequestPromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, int version,
                                   String alias, AliasGovernance.Evidence evidence, Instant requestedAt) {
    }

    /** Approvers only: an admin, who can create contributor identities, must not also be the second pair of eyes. */
    @RequiresRole(Roles.APPROVER)
    public record ApprovePromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, AliasGovernance.Evidence evidence) {
    }

    @RequiresRole({Roles.APPROVER, Roles.ADMIN})
    public record RejectPromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, String reason) {
    }

    /** Expires a promotion whose deadline passed while no deadline manager held it (e.g. across a restart). */
    public record ExpirePromotion(@TargetAggregateIdentifier ModelId modelId, String promotionId, Instant now) {
    }

    public record DeployVersion(@TargetAggregateIdentifier ModelId modelId, String environment, int version, int percent) {
    }

    public record RollBackDeployment(@TargetAggregateIdentifier ModelId modelId, String environment) {
    }

    public record RetireDeployment(@TargetAggregateIdentifier ModelId modelId, String environment) {
    }


    /** Registering a version with everything a version can carry. */
    public record VersionDetails(Long sizeBytes, Map<String, Object> inputSchema, Map<String, Object> outputSchema,
                                 Map<String, Object> hyperParameters, Map<String, Double> trainingMetrics, Lineage lineage,
                                 String notes, String servingEndpoint) {

        public static VersionDetails none() {
            return new VersionDetails(null, null, null, null, null, null, null, null);
        }
    }
}
