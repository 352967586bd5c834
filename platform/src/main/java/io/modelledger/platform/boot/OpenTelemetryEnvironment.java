package io.modelledger.platform.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Trace export follows the standard OpenTelemetry variables: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus {@code /v1/traces} (OTLP over HTTP). With neither set, and no
 * {@code management.opentelemetry.tracing.export.otlp.endpoint}, nothing is exported (spans still flow
 * within and between the applications, so trace ids reach logs and the audit trail).
 */
public class OpenTelemetryEnvironment implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(ENDPOINT)) {
            return;
        }
        String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        String endpoint = traces != null && !traces.isBlank() ? traces
                : base != null && !base.isBlank() ? base.replaceAll("/+$", "") + "/v1/traces" : null;
        if (endpoint != null) {
            environment.getPropertySources().addLast(new MapPropertySource("otel-environment", Map.of(ENDPOINT, endpoint)));
        }
    }
}
