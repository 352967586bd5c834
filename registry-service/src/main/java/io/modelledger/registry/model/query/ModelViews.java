package io.modelledger.registry.model.query;

import io.modelledger.contracts.registry.ModelVersionRef;

import java.time.Instant;
import java.util.List;

/** Views of the model catalog beyond models and versions. */
public final class ModelViews {

    private ModelViews() {
    }

    /** The promotion policy protecting an alias, as it stands now. */
    public record PolicyView(String alias, int revision, List<String> requiredSuites, int requiredApprovals,
                             boolean forbidSelfApproval, boolean blockOnCriticalAlerts, long requestTtlSeconds) {
    }

    public record AliasChange(int version, Integer previousVersion, String promotionId, Instant at, String actor) {
    }

    public record AliasHistory(String modelName, String alias, List<AliasChange> changes) {
    }

    /** A version's lineage; {@code via} names the version (itself or a base model) that used the dataset. */
    public record LineageView(String modelName, int version, List<UsedDataset> datasets, List<ModelVersionRef> baseModels,
                              String codeRepository, String codeCommit, String trainingRunId) {

        public record UsedDataset(String dataset, int version, String role, ModelVersionRef via) {
        }
    }
}
