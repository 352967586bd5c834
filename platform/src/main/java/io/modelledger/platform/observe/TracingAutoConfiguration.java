package io.modelledger.platform.observe;

import com.mongodb.ContextProvider;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
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
 * are observed as spans of the current trace.
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

    @Bean
    MongoClientSettingsBuilderCustomizer mongoTracing(ObjectProvider<ObservationRegistry> registry) {
        ObservationRegistry observations = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
        ContextProvider context = ContextProviderFactory.create(observations);
        return settings -> settings.contextProvider(context).addCommandListener(new MongoObservationCommandListener(observations));
    }
}
