package io.modelledger.monitor.telemetry.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One stored record as a user inspects it: when, which version, how long, tokens, cost ({@code unpriced} when the
 * model has no price), the model that answered (the one requested where the span does not say) and why it stopped,
 * whether it failed, its trace, its online scores, and its input and output text only where the model's monitoring
 * policy captures content (not yet expired) and the caller may read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordView(Instant timestamp, int version, Double latencyMs, int promptTokens, int completionTokens, Double cost,
                         boolean unpriced, String responseModel, String finishReason, boolean error, String traceId,
                         Map<String, Double> scores, String input, String output) {
}
