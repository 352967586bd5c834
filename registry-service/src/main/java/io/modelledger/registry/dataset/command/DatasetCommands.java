package io.modelledger.registry.dataset.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

public final class DatasetCommands {

    private DatasetCommands() {
    }

    public record RegisterDataset(@TargetAggregateIdentifier DatasetId datasetId, String description, String owner,
                                  Map<String, String> tags) {
    }

    public record RegisterDatasetVersion(@TargetAggregateIdentifier DatasetId datasetId, String uri, String sha256,
                                         Long rowCount, Map<String, Object> schema, boolean containsPersonalData) {
    }
}
