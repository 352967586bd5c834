package io.modelledger.registry.dataset.api;

import io.modelledger.contracts.registry.ModelVersionRef;
import java.util.List;

/** Every model version whose training or validation data includes the dataset version. */
public record DatasetConsumers(String datasetName, int version, List<ModelVersionRef> modelVersions) {
}
