package io.modelledger.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * OTLP export follows the standard OpenTelemetry variables: traces to {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
 * and metrics to {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}, or {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus
 * {@code /v1/traces} / {@code /v1/metrics} (OTLP over HTTP). With none set (and no Spring property of
 * their own), nothing is exported over OTLP: spans still flow within and between the applications, so
 * trace ids reach logs and the audit trail, and metrics stay on {@code /actuator/prometheus}.
 */
public class OpenTelemetryEnvironment implements EnvironmentPostProcessor {

    static final String TRACES = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String METRICS = "management.otlp.metrics.export.url";
    static final String METRICS_ENABLED = "management.otlp.metrics.export.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        String traces = endpoint(environment, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "/v1/traces");
        if (!environment.containsProperty(TRACES) && traces != null) {
            derived.put(TRACES, traces);
        }
        String metrics = endpoint(environment, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "/v1/metrics");
        if (!environment.containsProperty(METRICS) && !environment.containsProperty(METRICS_ENABLED)) {
            if (metrics != null) {
                derived.put(METRICS, metrics);
            } else {
                derived.put(METRICS_ENABLED, "false"); // Micrometer would otherwise push to localhost:4318
            }
        }
        if (!derived.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("otel-environment", derived));
        }
    }

    private static String endpoint(ConfigurableEnvironment environment, String signal, String path) {
        String specific = environment.getProperty(signal);
        String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (specific != null && !specific.isBlank()) {
            return specific;
        }
        return base != null && !base.isBlank() ? base.replaceAll("/+$", "") + path : null;
    }
}
