package io.modelledger.registry.dataset.api;

import java.time.Instant;
import java.util.Map;

public record DatasetVersionView(String datasetName, int version, String uri, String sha256, Long rowCount,
                                 Map<String, Object> schema, boolean containsPersonalData, Instant registeredAt,
                                 String registeredBy) {
}
