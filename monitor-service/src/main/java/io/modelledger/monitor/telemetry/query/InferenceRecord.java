package io.modelledger.monitor.telemetry.query;

import io.modelledger.monitor.telemetry.api.CallText;
import java.util.List;
import java.util.Map;

/**
 * One inference as a model server (or an OpenTelemetry GenAI span) reports it: which model version served it
 * where and when, its input features, its prediction or generated text, an optional label, latency, tokens,
 * cost ({@code null}: unpriced, the model is missing from the price table), safety flags, whether it failed,
 * its trace id, and for LLM calls the model that answered, why it stopped and the prompt version used.
 * {@code content} (input, output and retrieved context text) is for online scoring and, where the model's
 * policy allows it, content capture; it is not stored with the record. {@code inferenceId}, the sender's id of the
 * inference, is what delayed labels name it by.
 */
public record InferenceRecord(String model, int version, String environment, long timestampMillis,
                              Map<String, Object> features, Object prediction, Object label, Double latencyMs,
                              int promptTokens, int completionTokens, Double cost, List<String> safetyFlags, boolean error,
                              String traceId, String responseModel, String finishReason, String prompt, Integer promptVersion,
                              CallText content, String inferenceId) {

    public InferenceRecord(String model, int version, String environment, long timestampMillis, Map<String, Object> features,
                           Object prediction, Object label, Double latencyMs, int promptTokens, int completionTokens, Double cost,
                           List<String> safetyFlags, boolean error, String traceId, String responseModel, String finishReason,
                           String prompt, Integer promptVersion, CallText content) {
        this(model, version, environment, timestampMillis, features, prediction, label, latencyMs, promptTokens, completionTokens, cost,
             safetyFlags, error, traceId, responseModel, finishReason, prompt, promptVersion, content, null);
    }

    public InferenceRecord(String model, int version, String environment, long timestampMillis, Map<String, Object> features,
                           Object prediction, Object label, Double latencyMs, int promptTokens, int completionTokens, Double cost,
                           List<String> safetyFlags, boolean error, String traceId) {
        this(model, version, environment, timestampMillis, features, prediction, label, latencyMs, promptTokens, completionTokens, cost,
             safetyFlags, error, traceId, null, null, null, null, null);
    }

    public boolean unpriced() {
        return cost == null;
    }

    public InferenceRecord withCost(Double cost) {
        return new InferenceRecord(model, version, environment, timestampMillis, features, prediction, label, latencyMs, promptTokens,
                                   completionTokens, cost, safetyFlags, error, traceId, responseModel, finishReason, prompt, promptVersion,
                                   content, inferenceId);
    }
}
