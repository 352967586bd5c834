package io.modelledger.monitor.telemetry.query;

import java.util.List;
import java.util.Map;

/**
 * One inference as a model server reports it: which model version served it where and when, its input
 * features, its prediction or generated text, an optional label, latency, tokens, cost, safety flags,
 * whether it failed, and its trace id.
 */
public record InferenceRecord(String model, int version, String environment, long timestampMillis,
                              Map<String, Object> features, Object prediction, Object label, Double latencyMs,
                              int promptTokens, int completionTokens, double cost, List<String> safetyFlags, boolean error,
                              String traceId) {
}
