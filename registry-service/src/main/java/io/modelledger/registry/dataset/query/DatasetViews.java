package io.modelledger.registry.dataset.query;

import io.modelledger.contracts.registry.ModelVersionRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the dataset catalog answers. */
public final class DatasetViews {

    private DatasetViews() {
    }

    public record DatasetView(String name, String description, String owner, Map<String, String> tags, int latestVersion,
                              Instant registeredAt, String registeredBy) {
    }

    public record DatasetVersionView(String datasetName, int version, String uri, String sha256, Long rowCount,
                                     Map<String, Object> schema, boolean containsPersonalData, Instant registeredAt,
                                     String registeredBy) {
    }

    /** Every model version whose training or validation data includes the dataset version. */
    public record DatasetConsumers(String datasetName, int version, List<ModelVersionRef> modelVersions) {
    }

    public record FindDataset(String name) {
    }

    public record FindDatasetVersion(String datasetName, int version) {
    }

    public record FindDatasetConsumers(String datasetName, int version) {
    }
}
