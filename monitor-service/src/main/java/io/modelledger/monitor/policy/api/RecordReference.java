package io.modelledger.monitor.policy.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds and records the reference profile of a model version: from dataset {@code rows} (feature name →
 * value), or from the version's telemetry in {@code environment} over [from, to). Answered with the
 * {@link ReferenceSummary}; refused with the request field at fault.
 */
public record RecordReference(String modelName, int version, String source, String datasetName, Integer datasetVersion,
                              List<Map<String, Object>> rows, String environment, Instant from, Instant to) {

    public static final String DATASET = "dataset";
    public static final String TELEMETRY = "telemetry";
}
