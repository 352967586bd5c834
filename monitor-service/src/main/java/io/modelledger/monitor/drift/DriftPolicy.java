package io.modelledger.monitor.drift;

import java.util.Map;

/**
 * Thresholds and methods for one model's drift checks; {@link #DEFAULT} is Evidently's: p-value 0.05 for
 * KS and chi-squared, 0.1 for normalized Wasserstein, Jensen–Shannon and PSI, dataset drift at a share of 0.5.
 */
public record DriftPolicy(double pValueThreshold, double distanceThreshold, double driftShareThreshold,
                          Map<String, String> featureMethods) {

    public static final DriftPolicy DEFAULT = new DriftPolicy(0.05, 0.1, 0.5, Map.of());
    /** Up to this many reference rows the tests (KS, chi-squared) decide; above, the distances. */
    public static final long SMALL_REFERENCE = 1000;

    public DriftPolicy {
        featureMethods = featureMethods == null ? Map.of() : Map.copyOf(featureMethods);
    }
}
