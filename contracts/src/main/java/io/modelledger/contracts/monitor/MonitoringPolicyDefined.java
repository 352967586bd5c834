package io.modelledger.contracts.monitor;

import java.util.Map;

/**
 * How a model is watched: drift thresholds (by default Evidently's: KS or chi-squared p &lt; 0.05 up to
 * 1,000 reference rows, normalized Wasserstein or Jensen–Shannon ≥ 0.1 above, dataset drift when at least
 * half the features drift), optional per-feature methods, and the feedback loop: on a critical drift alert,
 * and when the negative-feedback share exceeds {@code negativeFeedbackShare}, request re-evaluation and/or
 * retraining.
 */
public record MonitoringPolicyDefined(String modelName, double pValueThreshold, double distanceThreshold,
                                      double driftShareThreshold, Map<String, String> featureMethods,
                                      boolean reEvaluateOnCriticalDrift, boolean retrainOnCriticalDrift,
                                      Double negativeFeedbackShare, boolean reEvaluateOnNegativeFeedback,
                                      boolean retrainOnNegativeFeedback) {

    public MonitoringPolicyDefined {
        featureMethods = featureMethods == null ? Map.of() : Map.copyOf(featureMethods);
    }
}
