package io.modelledger.platform.test;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;
import java.util.UUID;

/**
 * Points a test application context at the run's MongoDB ({@link TestMongo}), on a database of its own
 * unless the test names one with {@code modelledger.test.database}.
 */
public class MongoTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var environment = context.getEnvironment();
        if (environment.containsProperty("spring.mongodb.uri")) {
            return;
        }
        String database = environment.getProperty("modelledger.test.database",
                                                  "test-" + UUID.randomUUID().toString().substring(0, 8));
        environment.getPropertySources().addFirst(new MapPropertySource(
                "modelledger-test-mongo", Map.of("spring.mongodb.uri", TestMongo.uri(database))));
    }
}
