package io.modelledger.registry.model.api;

import io.modelledger.contracts.registry.ModelVersionRef;
import java.util.List;

/** A version's lineage; {@code via} names the version (itself or a base model) that used the dataset. */
public record LineageView(String modelName, int version, List<UsedDataset> datasets, List<ModelVersionRef> baseModels,
                          String codeRepository, String codeCommit, String trainingRunId) {

    public record UsedDataset(String dataset, int version, String role, ModelVersionRef via) {
    }
}
