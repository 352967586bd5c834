package io.modelledger.monitor.canary;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.Duration;
import java.util.Map;

/**
 * How canaries are judged ({@code modelledger.monitor.canary.*}).
 *
 * @param interval how often every deployment with a traffic split is analysed again (an analysis is recorded only when
 *                 the evidence changed since the last one)
 * @param window   the longest span analysed: the minutes since the split began, at most this far back
 * @param alpha    the family-wise significance level the Holm-adjusted p-values are compared with
 * @param metrics  per metric name ({@code error_rate}, {@code safety_flag_rate}, {@code latency_ms},
 *                 {@code prompt_tokens}, {@code completion_tokens}, {@code score:<check>}), overrides of its minimum
 *                 sample and tolerance
 */
@ConfigurationProperties("modelledger.monitor.canary")
public record CanarySettings(Duration interval, Duration window, Double alpha, Map<String, MetricSettings> metrics) {

    /** A metric's minimum records per arm, and how far its effect may go the worse way before it counts as worse. */
    public record MetricSettings(Long minSamples, Double tolerance) {
    }

    public static final long DEFAULT_MIN_SAMPLES = 100;

    @ConstructorBinding
    public CanarySettings {
        interval = interval == null ? Duration.ofMinutes(1) : interval;
        window = window == null ? Duration.ofHours(1) : window;
        alpha = alpha == null ? 0.05 : alpha;
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("modelledger.monitor.canary.alpha must be between 0 and 1");
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("modelledger.monitor.canary.window must be at least a minute");
        }
    }

    public static CanarySettings defaults() {
        return new CanarySettings(null, null, null, null);
    }

    long minSamples(String metric) {
        MetricSettings s = metrics.get(metric);
        return s == null || s.minSamples() == null ? DEFAULT_MIN_SAMPLES : s.minSamples();
    }

    double tolerance(String metric, double fallback) {
        MetricSettings s = metrics.get(metric);
        return s == null || s.tolerance() == null ? fallback : s.tolerance();
    }
}
