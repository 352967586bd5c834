package io.modelledger.monitor.window.query;

import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.drift.DriftReport;
import io.modelledger.monitor.drift.DriftStatistics;
import io.modelledger.monitor.drift.ReferenceProfile;
import io.modelledger.monitor.drift.ReferenceStore;
import io.modelledger.monitor.feedback.query.FeedbackStore;
import io.modelledger.monitor.guard.query.GuardActivityStore;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.monitor.telemetry.query.WindowData;
import io.modelledger.monitor.window.api.ComputeWindow;
import io.modelledger.monitor.window.api.WindowView;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes a deployment's {@link WindowView} for any time range, from telemetry, feedback and the reference profile. */
@Component
public class WindowMetrics {

    private static final Logger log = LoggerFactory.getLogger(WindowMetrics.class);

    private final TelemetryStore telemetry;
    private final FeedbackStore feedback;
    private final ReferenceStore references;
    private final PolicyStore policies;
    private final DeploymentStore deployments;
    private final ReferenceQualityProjection referenceQuality;
    private final GuardActivityStore guard;
    private final Clock clock;

    public WindowMetrics(TelemetryStore telemetry, FeedbackStore feedback, ReferenceStore references, PolicyStore policies,
                         DeploymentStore deployments, ReferenceQualityProjection referenceQuality, GuardActivityStore guard, Clock clock) {
        this.guard = guard;
        this.referenceQuality = referenceQuality;
        this.telemetry = telemetry;
        this.feedback = feedback;
        this.references = references;
        this.policies = policies;
        this.deployments = deployments;
        this.clock = clock;
    }

    @QueryHandler
    Optional<WindowView> handle(ComputeWindow query) {
        return deployments.find(query.modelName(), query.environment()).map(d -> compute(d, query.from(), query.to()));
    }

    public WindowView compute(Deployment deployment, Instant start, Instant end) {
        String model = deployment.modelName();
        String environment = deployment.environment();
        WindowData data = telemetry.window(model, environment, start, end);
        Duration size = Duration.between(start, end);
        Integer primary = deployment.primaryVersion().orElse(null);
        List<String> fairnessAttributes = policies.policy(model).map(p -> p.fairnessAttributes()).orElse(List.of());
        java.util.function.IntFunction<ProductionQuality.Context> quality = version -> new ProductionQuality.Context(
                referenceQuality.find(model, version).orElse(null), fairnessAttributes);
        // concept drift is per version: the window as a whole mixes versions, each with its own offline accuracy
        Map<String, Double> metrics = operational(data, data.total(), null, size, new ProductionQuality.Context(null, fairnessAttributes));
        FeedbackStore.Counts counts = feedback.counts(model, environment, start, end);
        metrics.put("feedback_count", (double) counts.total());
        if (counts.total() > 0) {
            metrics.put("negative_feedback_share", counts.negativeShare());
        }
        // the runtime guard's decisions for this model and environment: guard_block_rate, guard_redact_rate, per check
        metrics.putAll(guard.activity(io.modelledger.contracts.registry.Subjects.MODEL, model, environment, start, end).metrics());
        List<WindowView.FeatureDrift> drift = new ArrayList<>();
        if (primary != null && data.size() > 0) {
            drift(model, primary, data, metrics, drift);
        }
        List<WindowView.VersionWindow> versions = new ArrayList<>();
        data.totals.forEach((version, totals) -> versions.add(new WindowView.VersionWindow(version, totals.records,
                                                                                            operational(data, totals, version, size,
                                                                                                        quality.apply(version)))));
        return new WindowView(WindowView.id(model, environment, size.toSeconds(), start), model, environment, size.toSeconds(), start, end,
                              primary, data.records(), data.sampled, metrics, drift, clock.instant(), (long) data.size(), versions);
    }

    /**
     * Drift of the primary version against its reference. A numeric feature whose values are not numbers is
     * reported ({@code feature_type_errors:<f>}, the count) and compared on the numbers there are; a feature
     * whose statistics fail is left out ({@code drift_errors:<f>}); neither stops the window's other metrics.
     */
    private void drift(String model, int primary, WindowData data, Map<String, Double> metrics, List<WindowView.FeatureDrift> drift) {
        ReferenceProfile reference = references.find(model, primary).orElse(null);
        if (reference == null) {
            return;
        }
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        reference.features().forEach((name, feature) -> {
            List<Object> values = name.equals(ReferenceProfile.PREDICTION) ? data.predictions(primary) : data.feature(name, primary);
            if (feature.numeric()) {
                long wrong = values.stream().filter(v -> !(v instanceof Number)).count();
                if (wrong > 0) {
                    metrics.put("feature_type_errors:" + name, (double) wrong);
                }
            }
            columns.put(name, values);
        });
        DriftReport report;
        try {
            report = DriftReport.of(reference, columns, policies.driftPolicy(model));
        } catch (RuntimeException e) {
            log.warn("Drift of {} version {} could not be computed", model, primary, e);
            metrics.put("drift_errors", 1.0); // the report as a whole: its features are computed one by one, so this is a bug
            return;
        }
        report.failedFeatures().forEach(name -> metrics.put("drift_errors:" + name, 1.0));
        if (!report.features().isEmpty()) {
            metrics.put("drift_share", report.driftShare());
            metrics.put("dataset_drift", report.datasetDrift() ? 1.0 : 0.0);
        }
        report.features().forEach((name, f) -> {
            metrics.put("drift:" + name, f.score());
            metrics.put("drifted:" + name, f.drifted() ? 1.0 : 0.0);
            drift.add(new WindowView.FeatureDrift(name, primary, f.method(), f.score(), f.threshold(), f.drifted(), f.referenceRows(),
                                                  f.currentRows()));
        });
    }

    /** The well-known metric of each check's online scores. */
    static final Map<String, String> SCORE_METRICS = Map.of("pii", "pii_rate", "toxicity", "toxicity_rate", "json_schema",
                                                            "schema_valid_rate", "groundedness", "groundedness_mean");

    /**
     * Operational, online and quality metrics: counts, tokens and cost from the exact {@code totals}; latency quantiles,
     * online scores and quality over the labelled records from the rows read (of {@code version} only, when given).
     */
    static Map<String, Double> operational(WindowData data, WindowData.Totals totals, Integer version, Duration size,
                                           ProductionQuality.Context quality) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        long n = totals.records;
        metrics.put("records", (double) n);
        metrics.put("throughput", n / Math.max(1e-9, size.toMillis() / 1000.0));
        if (n == 0) {
            return metrics;
        }
        metrics.put("error_rate", totals.errors / (double) n);
        double[] latency = java.util.stream.IntStream.range(0, data.size())
                .filter(i -> (version == null || data.versions.get(i).equals(version)) && data.latency.get(i) != null)
                .mapToDouble(i -> data.latency.get(i)).sorted().toArray();
        if (latency.length > 0) {
            metrics.put("latency_p50", DriftStatistics.quantile(latency, 0.50));
            metrics.put("latency_p95", DriftStatistics.quantile(latency, 0.95));
            metrics.put("latency_p99", DriftStatistics.quantile(latency, 0.99));
        }
        metrics.put("tokens_prompt", (double) totals.promptTokens);
        metrics.put("tokens_completion", (double) totals.completionTokens);
        metrics.put("tokens_total", (double) (totals.promptTokens + totals.completionTokens));
        metrics.put("cost_total", totals.cost);
        metrics.put("unpriced_records", (double) totals.unpriced);
        metrics.put("safety_share", totals.flagged / (double) n);
        long scored = java.util.stream.IntStream.range(0, data.size())
                .filter(i -> (version == null || data.versions.get(i).equals(version))
                        && data.scores.values().stream().anyMatch(column -> column.get(i) != null)).count();
        if (scored > 0) {
            metrics.put("scored_records", (double) scored);
        }
        new java.util.TreeMap<>(data.scores).forEach((name, column) -> {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < column.size(); i++) {
                if (column.get(i) != null && (version == null || data.versions.get(i).equals(version))) {
                    sum += column.get(i);
                    count++;
                }
            }
            if (count > 0) {
                metrics.put("check:" + name, sum / count);
                String known = SCORE_METRICS.get(data.scoreKinds.getOrDefault(name, name));
                if (known != null) {
                    metrics.putIfAbsent(known, sum / count);
                }
            }
        });
        ProductionQuality.add(data, version, metrics, quality);
        return metrics;
    }
}
