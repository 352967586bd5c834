package io.modelledger.platform.observe;

import com.mongodb.MongoClientSettings;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.observability.MongoObservationCommandListener;

import static org.assertj.core.api.Assertions.assertThat;

/** MongoDB commands become spans only when spans are exported somewhere. */
class MongoTracingTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class))
            .withBean(ObservationRegistry.class, ObservationRegistry::create);

    private static MongoClientSettings customised(org.springframework.context.ApplicationContext context) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder();
        context.getBeanProvider(MongoClientSettingsBuilderCustomizer.class).orderedStream().forEach(c -> c.customize(settings));
        return settings.build();
    }

    @Test
    void withoutAnExporterCommandsAreNotObserved() {
        contexts.run(context -> assertThat(customised(context).getCommandListeners())
                .noneMatch(MongoObservationCommandListener.class::isInstance));
    }

    @Test
    void withAnExporterEachCommandIsASpanOfTheCurrentTrace() {
        contexts.withBean(SpanExporter.class, SpanExporter::composite).run(context -> { // one that exports nowhere
            MongoClientSettings settings = customised(context);
            assertThat(settings.getCommandListeners()).anyMatch(MongoObservationCommandListener.class::isInstance);
            assertThat(settings.getContextProvider()).isNotNull();
        });
    }
}
