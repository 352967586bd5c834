package io.modelledger.contracts.monitor;

import java.util.List;
import java.util.Map;

/**
 * How a model is watched: drift thresholds (by default Evidently's: KS or chi-squared p &lt; 0.05 up to
 * 1,000 reference rows, normalized Wasserstein or Jensen–Shannon ≥ 0.1 above, dataset drift when at least
 * half the features drift), optional per-feature methods, and the feedback loop: on a critical drift alert,
 * and when the negative-feedback share exceeds {@code negativeFeedbackShare}, request re-evaluation and/or
 * retraining.
 * <p>
 * Live LLM outputs (added in the LLM monitoring round; absent in older events, which then mean the
 * defaults): {@code onlineSampleRate} of them (0–1, default {@value #DEFAULT_SAMPLE_RATE}) are scored by
 * {@code onlineChecks} (default: PII and toxicity, and groundedness where the trace retrieved context);
 * {@code captureContent} keeps their input and output text for {@code contentRetentionSeconds} (never
 * longer than the telemetry retention); without it only their scores are kept.
 * <p>
 * {@code fairnessAttributes} (added with delayed labels): the features that are sensitive attributes; labelled windows
 * of a binary classifier report group fairness over each. {@code alertOnWorseCanary}: a {@code candidate-worse} canary
 * analysis raises a critical alert on the deployment (resolved when a later analysis is not worse); nothing rolls back.
 */
public record MonitoringPolicyDefined(String modelName, double pValueThreshold, double distanceThreshold,
                                      double driftShareThreshold, Map<String, String> featureMethods,
                                      boolean reEvaluateOnCriticalDrift, boolean retrainOnCriticalDrift,
                                      Double negativeFeedbackShare, boolean reEvaluateOnNegativeFeedback,
                                      boolean retrainOnNegativeFeedback, Double onlineSampleRate, List<OnlineCheck> onlineChecks,
                                      boolean captureContent, Long contentRetentionSeconds, List<String> fairnessAttributes,
                                      boolean alertOnWorseCanary) {

    public static final double DEFAULT_SAMPLE_RATE = 0.1;

    /** One check run on sampled live outputs: its metric name, the check ({@code pii}, {@code regex}, …) and its parameters. */
    public record OnlineCheck(String name, String check, Map<String, Object> params) {

        public OnlineCheck {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    public MonitoringPolicyDefined {
        featureMethods = featureMethods == null ? Map.of() : Map.copyOf(featureMethods);
        onlineChecks = onlineChecks == null ? List.of() : List.copyOf(onlineChecks);
        fairnessAttributes = fairnessAttributes == null ? List.of() : List.copyOf(fairnessAttributes);
    }

    /** A policy recorded before canary alerts. */
    public MonitoringPolicyDefined(String modelName, double pValueThreshold, double distanceThreshold, double driftShareThreshold,
                                   Map<String, String> featureMethods, boolean reEvaluateOnCriticalDrift, boolean retrainOnCriticalDrift,
                                   Double negativeFeedbackShare, boolean reEvaluateOnNegativeFeedback, boolean retrainOnNegativeFeedback,
                                   Double onlineSampleRate, List<OnlineCheck> onlineChecks, boolean captureContent,
                                   Long contentRetentionSeconds, List<String> fairnessAttributes) {
        this(modelName, pValueThreshold, distanceThreshold, driftShareThreshold, featureMethods, reEvaluateOnCriticalDrift,
             retrainOnCriticalDrift, negativeFeedbackShare, reEvaluateOnNegativeFeedback, retrainOnNegativeFeedback, onlineSampleRate,
             onlineChecks, captureContent, contentRetentionSeconds, fairnessAttributes, false);
    }

    /** A policy recorded before fairness attributes could be named. */
    public MonitoringPolicyDefined(String modelName, double pValueThreshold, double distanceThreshold, double driftShareThreshold,
                                   Map<String, String> featureMethods, boolean reEvaluateOnCriticalDrift, boolean retrainOnCriticalDrift,
                                   Double negativeFeedbackShare, boolean reEvaluateOnNegativeFeedback, boolean retrainOnNegativeFeedback,
                                   Double onlineSampleRate, List<OnlineCheck> onlineChecks, boolean captureContent,
                                   Long contentRetentionSeconds) {
        this(modelName, pValueThreshold, distanceThreshold, driftShareThreshold, featureMethods, reEvaluateOnCriticalDrift,
             retrainOnCriticalDrift, negativeFeedbackShare, reEvaluateOnNegativeFeedback, retrainOnNegativeFeedback, onlineSampleRate,
             onlineChecks, captureContent, contentRetentionSeconds, null, false);
    }

    /** A policy without online scoring settings (the defaults apply) and without content capture. */
    public MonitoringPolicyDefined(String modelName, double pValueThreshold, double distanceThreshold, double driftShareThreshold,
                                   Map<String, String> featureMethods, boolean reEvaluateOnCriticalDrift, boolean retrainOnCriticalDrift,
                                   Double negativeFeedbackShare, boolean reEvaluateOnNegativeFeedback, boolean retrainOnNegativeFeedback) {
        this(modelName, pValueThreshold, distanceThreshold, driftShareThreshold, featureMethods, reEvaluateOnCriticalDrift,
             retrainOnCriticalDrift, negativeFeedbackShare, reEvaluateOnNegativeFeedback, retrainOnNegativeFeedback, null, null, false, null,
             null, false);
    }

    /** The share of live outputs scored. */
    public double sampleRate() {
        return onlineSampleRate == null ? DEFAULT_SAMPLE_RATE : onlineSampleRate;
    }
}
