package io.modelledger.boot;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** OTLP export follows the standard OTEL_* variables, and is off without them. */
class OpenTelemetryEnvironmentTest {

    private static MockEnvironment apply(MockEnvironment environment) {
        new OpenTelemetryEnvironment().postProcessEnvironment(environment, null);
        return environment;
    }

    @Test
    void theBaseEndpointGivesTracesAndMetricsTheirPaths() {
        MockEnvironment environment = apply(new MockEnvironment().withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));
        assertThat(environment.getProperty(OpenTelemetryEnvironment.TRACES)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(environment.getProperty(OpenTelemetryEnvironment.METRICS)).isEqualTo("http://collector:4318/v1/metrics");
    }

    @Test
    void aSignalsOwnEndpointWinsAndSpringPropertiesAreLeftAlone() {
        MockEnvironment environment = apply(new MockEnvironment()
                .withProperty("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
                .withProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/v1/traces")
                .withProperty(OpenTelemetryEnvironment.METRICS, "http://mimir/otlp"));
        assertThat(environment.getProperty(OpenTelemetryEnvironment.TRACES)).isEqualTo("http://tempo:4318/v1/traces");
        assertThat(environment.getProperty(OpenTelemetryEnvironment.METRICS)).isEqualTo("http://mimir/otlp");
    }

    @Test
    void withoutAnEndpointNothingIsPushed() {
        MockEnvironment environment = apply(new MockEnvironment());
        assertThat(environment.containsProperty(OpenTelemetryEnvironment.TRACES)).isFalse();
        assertThat(environment.getProperty(OpenTelemetryEnvironment.METRICS_ENABLED)).isEqualTo("false");
    }
}
