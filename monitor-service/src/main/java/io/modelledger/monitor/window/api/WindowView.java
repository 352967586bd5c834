package io.modelledger.monitor.window.api;

import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one deployment over one window: operational ({@code records}, {@code throughput} per
 * second, {@code error_rate}, {@code latency_p50/p95/p99} in ms, tokens, {@code cost_total} of the priced
 * records and {@code unpriced_records}, {@code safety_share}), online scores of sampled live outputs
 * ({@code scored_records}, {@code pii_rate}, {@code toxicity_rate}, {@code schema_valid_rate},
 * {@code groundedness_mean}, and per check {@code check:<name>}), feedback ({@code feedback_count},
 * {@code negative_feedback_share}) and drift of the primary version against its reference ({@code drift_share},
 * {@code dataset_drift} 0/1, per feature {@code drift:<feature>} (its score) and {@code drifted:<feature>}
 * (0/1), and {@code feature_type_errors:<feature>}, the values of a numeric feature that were not numbers),
 * with the per-feature details. Counts, tokens and cost are exact; when {@code sampled}, latency quantiles,
 * online scores and drift come from {@code sampledRecords} of the records. {@code versions} holds the same
 * operational and online metrics per serving version, so a canary's numbers are not mixed into the stable
 * version's.
 */
public record WindowView(@Id String id, String modelName, String environment, long sizeSeconds, Instant start, Instant end,
                         Integer primaryVersion, long records, boolean sampled, Map<String, Double> metrics,
                         List<FeatureDrift> drift, Instant evaluatedAt, Long sampledRecords, List<VersionWindow> versions) {

    public WindowView {
        versions = versions == null ? List.of() : versions;
    }

    public WindowView(String id, String modelName, String environment, long sizeSeconds, Instant start, Instant end, Integer primaryVersion,
                      long records, boolean sampled, Map<String, Double> metrics, List<FeatureDrift> drift, Instant evaluatedAt) {
        this(id, modelName, environment, sizeSeconds, start, end, primaryVersion, records, sampled, metrics, drift, evaluatedAt, null, null);
    }

    /** One serving version's share of the window. */
    public record VersionWindow(int version, long records, Map<String, Double> metrics) {
    }

    /** One feature's drift in the window. */
    public record FeatureDrift(String feature, int modelVersion, String method, double score, double threshold, boolean drifted,
                               long referenceRows, long currentRows) {
    }

    public static String id(String model, String environment, long sizeSeconds, Instant start) {
        return model + "|" + environment + "|" + sizeSeconds + "|" + start.toEpochMilli();
    }
}
