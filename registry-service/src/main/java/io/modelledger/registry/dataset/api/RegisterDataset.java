package io.modelledger.registry.dataset.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Map;

public record RegisterDataset(@TargetAggregateIdentifier DatasetId datasetId, String description, String owner,
                              Map<String, String> tags) {
}
