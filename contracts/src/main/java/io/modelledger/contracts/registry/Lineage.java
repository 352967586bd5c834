package io.modelledger.contracts.registry;

import java.util.List;

/** Where a model version came from: its data, its code, its training run and the model it was tuned from. */
public record Lineage(List<DatasetVersionRef> trainingData, List<DatasetVersionRef> validationData,
                      String codeRepository, String codeCommit, String trainingRunId, ModelVersionRef baseModel) {

    public Lineage {
        trainingData = trainingData == null ? List.of() : List.copyOf(trainingData);
        validationData = validationData == null ? List.of() : List.copyOf(validationData);
    }

    public static Lineage none() {
        return new Lineage(List.of(), List.of(), null, null, null, null);
    }
}
