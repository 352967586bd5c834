package io.modelledger.registry.dataset.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Map;

public record RegisterDatasetVersion(@TargetAggregateIdentifier DatasetId datasetId, String uri, String sha256,
                                     Long rowCount, Map<String, Object> schema, boolean containsPersonalData) {
}
