package io.modelledger.monitor.window.query;

import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.drift.DriftReport;
import io.modelledger.monitor.drift.DriftStatistics;
import io.modelledger.monitor.drift.ReferenceProfile;
import io.modelledger.monitor.drift.ReferenceStore;
import io.modelledger.monitor.feedback.query.FeedbackStore;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.monitor.telemetry.query.WindowData;
import io.modelledger.monitor.window.api.ComputeWindow;
import io.modelledger.monitor.window.api.WindowView;
import org.axonframework.queryhandling.QueryHandler;
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

    private final TelemetryStore telemetry;
    private final FeedbackStore feedback;
    private final ReferenceStore references;
    private final PolicyStore policies;
    private final DeploymentStore deployments;
    private final Clock clock;

    public WindowMetrics(TelemetryStore telemetry, FeedbackStore feedback, ReferenceStore references, PolicyStore policies,
                         DeploymentStore deployments, Clock clock) {
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
        Map<String, Double> metrics = operational(data, Duration.between(start, end));
        FeedbackStore.Counts counts = feedback.counts(model, environment, start, end);
        metrics.put("feedback_count", (double) counts.total());
        if (counts.total() > 0) {
            metrics.put("negative_feedback_share", counts.negativeShare());
        }
        Integer primary = deployment.primaryVersion().orElse(null);
        List<WindowView.FeatureDrift> drift = new ArrayList<>();
        if (primary != null && data.size() > 0) {
            ReferenceProfile reference = references.find(model, primary).orElse(null);
            if (reference != null) {
                Map<String, List<Object>> columns = new LinkedHashMap<>();
                reference.features().keySet().forEach(name -> columns.put(name, name.equals(ReferenceProfile.PREDICTION)
                        ? data.predictions(primary) : data.feature(name, primary)));
                DriftReport report = DriftReport.of(reference, columns, policies.driftPolicy(model));
                if (!report.features().isEmpty()) {
                    metrics.put("drift_share", report.driftShare());
                    metrics.put("dataset_drift", report.datasetDrift() ? 1.0 : 0.0);
                }
                report.features().forEach((name, f) -> {
                    metrics.put("drift:" + name, f.score());
                    metrics.put("drifted:" + name, f.drifted() ? 1.0 : 0.0);
                    drift.add(new WindowView.FeatureDrift(name, primary, f.method(), f.score(), f.threshold(), f.drifted(),
                                                          f.referenceRows(), f.currentRows()));
                });
            }
        }
        return new WindowView(WindowView.id(model, environment, Duration.between(start, end).toSeconds(), start), model, environment,
                              Duration.between(start, end).toSeconds(), start, end, primary, data.size(), data.sampled, metrics,
                              drift, clock.instant());
    }

    static Map<String, Double> operational(WindowData data, Duration size) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        int n = data.size();
        metrics.put("records", (double) n);
        metrics.put("throughput", n / Math.max(1e-9, size.toMillis() / 1000.0));
        if (n == 0) {
            return metrics;
        }
        metrics.put("error_rate", data.errors.stream().filter(Boolean.TRUE::equals).count() / (double) n);
        double[] latency = data.latency.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
        if (latency.length > 0) {
            metrics.put("latency_p50", DriftStatistics.quantile(latency, 0.50));
            metrics.put("latency_p95", DriftStatistics.quantile(latency, 0.95));
            metrics.put("latency_p99", DriftStatistics.quantile(latency, 0.99));
        }
        long prompt = data.promptTokens.stream().mapToLong(Integer::longValue).sum();
        long completion = data.completionTokens.stream().mapToLong(Integer::longValue).sum();
        metrics.put("tokens_prompt", (double) prompt);
        metrics.put("tokens_completion", (double) completion);
        metrics.put("tokens_total", (double) (prompt + completion));
        metrics.put("cost_total", data.cost.stream().mapToDouble(Double::doubleValue).sum());
        metrics.put("safety_share", data.flagged.stream().filter(Boolean.TRUE::equals).count() / (double) n);
        return metrics;
    }
}
