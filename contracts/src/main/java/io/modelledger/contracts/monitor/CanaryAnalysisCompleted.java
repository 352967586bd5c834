package io.modelledger.contracts.monitor;

import java.time.Instant;
import java.util.List;

/**
 * monitor-service compared a canary ({@code candidateVersion}) with the version serving the rest of a deployment's traffic
 * ({@code primaryVersion}) over the records of [{@code from}, {@code to}) that ingest keys bound to that deployment sent:
 * per metric a two-sample test, the p-values adjusted by Holm over the metrics that had enough data, and one
 * {@code outcome}: {@value #WORSE} when any metric is significantly worse beyond its tolerance, {@value #INSUFFICIENT}
 * when the error rate or latency lacks its minimum sample in either arm, {@value #BETTER} when at least one metric is
 * significantly better and none worse, else {@value #NO_DIFFERENCE}. A promotion policy can require it as evidence, by this event's id.
 *
 * @param alpha the family-wise significance level the adjusted p-values are compared with
 */
public record CanaryAnalysisCompleted(String modelName, String environment, int primaryVersion, int candidateVersion,
                                      Instant from, Instant to, String outcome, long primaryRecords, long candidateRecords,
                                      double alpha, List<Metric> metrics) {

    public static final String WORSE = "candidate-worse";
    public static final String BETTER = "candidate-better";
    public static final String NO_DIFFERENCE = "no-significant-difference";
    public static final String INSUFFICIENT = "insufficient-data";

    public CanaryAnalysisCompleted {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /**
     * One metric's comparison. {@code test} is {@code fisher-exact}, {@code two-proportion-z}, {@code mann-whitney-u} or
     * {@code welch-t}; {@code higherIsWorse} its direction; {@code primaryValue}/{@code candidateValue} the arms' rate,
     * median or mean; {@code effect} with [{@code effectLow}, {@code effectHigh}] the 95% interval: the difference
     * candidate − primary for rates and means, the probability that a candidate record exceeds a primary one for
     * Mann–Whitney metrics (0.5: no shift); {@code tolerance} how far the effect may go the worse way before it counts;
     * {@code outcome} this metric's verdict. Statistics are null when the metric had too little data.
     */
    public record Metric(String metric, String test, boolean higherIsWorse, long primaryCount, long candidateCount,
                         long minSamples, Double primaryValue, Double candidateValue, Double statistic, Double pValue,
                         Double pAdjusted, Double effect, Double effectLow, Double effectHigh, double tolerance, String outcome) {
    }
}
