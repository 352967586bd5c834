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

    /** Datasets by name after the cursor {@code after}; {@code null} filters match anything; {@code tag} is key:value. */
    public record ListDatasets(String after, int limit, String owner, String tag, String text) {
    }

    public record DatasetPage(List<DatasetView> items, String next) {
    }

    public record FindDatasetVersion(String datasetName, int version) {
    }

    public record FindDatasetConsumers(String datasetName, int version) {
    }
}
