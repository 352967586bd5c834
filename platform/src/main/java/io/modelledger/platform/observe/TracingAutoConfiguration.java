package io.modelledger.platform.observe;

import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.observability.ContextProviderFactory;
import org.springframework.data.mongodb.observability.MongoObservationCommandListener;

/**
 * Traces across the platform. Axon's spans (command handling, event append, every event handler) come
 * from the Spring-managed {@link OpenTelemetry} (Axon's default would read {@code GlobalOpenTelemetry},
 * which Spring leaves unset), and carry the W3C context in the messages' metadata ({@code traceparent}),
 * so another service's handler continues the trace of the request that caused the event. MongoDB commands
 * are observed as spans of the current trace when spans are exported.
 */
@AutoConfiguration(before = AxonTracingAutoConfiguration.class,
                   afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass(OpenTelemetrySpanFactory.class)
public class TracingAutoConfiguration {

    @Bean
    SpanFactory spanFactory(ObjectProvider<OpenTelemetry> openTelemetry) {
        OpenTelemetry telemetry = openTelemetry.getIfAvailable(OpenTelemetry::noop);
        return OpenTelemetrySpanFactory.builder()
                                       .tracer(telemetry.getTracer("AxonFramework-OpenTelemetry"))
                                       .contextPropagators(telemetry.getPropagators().getTextMapPropagator())
                                       .build();
    }

    @Bean
    OutboundHttp outboundHttp(ObjectProvider<OpenTelemetry> openTelemetry) {
        return new OutboundHttp(openTelemetry.getIfAvailable(OpenTelemetry::noop));
    }

    /**
     * MongoDB commands as spans of the current trace, when spans go somewhere (an OTLP endpoint, or any other
     * {@link SpanExporter}). Without one, a command's observation (a span, a long-task timer and a timer, with the
     * context moved between threads) was 4.9% of the samples of 16 concurrent registrations and 2.9% of a read's
     * (issue 17), for a span nobody could see: the commands are then timed only by Boot's command metrics
     * ({@code mongodb_driver_commands_seconds}, on {@code /actuator/prometheus} in every configuration).
     */
    @Bean
    MongoClientSettingsBuilderCustomizer mongoTracing(ObjectProvider<ObservationRegistry> registry, ObjectProvider<SpanExporter> exporters) {
        return settings -> {
            if (exporters.stream().findAny().isEmpty()) {
                return;
            }
            ObservationRegistry observations = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
            settings.contextProvider(ContextProviderFactory.create(observations))
                    .addCommandListener(new MongoObservationCommandListener(observations));
        };
    }
}
