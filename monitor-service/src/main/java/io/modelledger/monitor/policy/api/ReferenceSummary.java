package io.modelledger.monitor.policy.api;

import java.util.Map;

/** A recorded reference profile: how many rows it was built from, and each feature's type. */
public record ReferenceSummary(String modelName, int modelVersion, String source, long rows, Map<String, String> features) {
}
