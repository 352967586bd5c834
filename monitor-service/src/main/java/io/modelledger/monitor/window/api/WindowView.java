package io.modelledger.monitor.window.api;

import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one deployment over one window: operational ({@code records}, {@code throughput} per
 * second, {@code error_rate}, {@code latency_p50/p95/p99} in ms, tokens, {@code cost_total},
 * {@code safety_share}), feedback ({@code feedback_count}, {@code negative_feedback_share}) and drift of the
 * primary version against its reference ({@code drift_share}, {@code dataset_drift} 0/1, and per feature
 * {@code drift:<feature>} (its score) and {@code drifted:<feature>} (0/1)), with the per-feature details.
 */
public record WindowView(@Id String id, String modelName, String environment, long sizeSeconds, Instant start, Instant end,
                         Integer primaryVersion, long records, boolean sampled, Map<String, Double> metrics,
                         List<FeatureDrift> drift, Instant evaluatedAt) {

    /** One feature's drift in the window. */
    public record FeatureDrift(String feature, int modelVersion, String method, double score, double threshold, boolean drifted,
                               long referenceRows, long currentRows) {
    }

    public static String id(String model, String environment, long sizeSeconds, Instant start) {
        return model + "|" + environment + "|" + sizeSeconds + "|" + start.toEpochMilli();
    }
}
