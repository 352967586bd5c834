package io.modelledger.platform.mongo;

import com.mongodb.ConnectionString;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.nio.file.Path;

/**
 * Starts the durable embedded MongoDB-wire server inside the application when no MongoDB is configured
 * ({@code spring.mongodb.uri} and {@code spring.mongodb.host} both absent), so a service runs on a laptop
 * with nothing installed. Standalone mode starts one server itself and passes its URI to every service.
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@Conditional(EmbeddedMongoAutoConfiguration.NoMongoConfigured.class)
@ConditionalOnProperty(name = "modelledger.embedded-mongo.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedMongoAutoConfiguration {

    @Bean(destroyMethod = "close")
    public EmbeddedMongoServer embeddedMongoServer(Environment environment) {
        String application = environment.getProperty("spring.application.name", "modelledger");
        Path dataDirectory = Path.of(environment.getProperty("modelledger.embedded-mongo.data-dir", "data/" + application));
        int port = environment.getProperty("modelledger.embedded-mongo.port", Integer.class, 0);
        return EmbeddedMongoServer.durable(dataDirectory, "127.0.0.1", port);
    }

    @Bean
    public MongoConnectionDetails embeddedMongoConnectionDetails(EmbeddedMongoServer server, Environment environment) {
        ConnectionString uri = new ConnectionString(server.connectionString(environment.getProperty("spring.mongodb.database", "modelledger")));
        return () -> uri;
    }

    static class NoMongoConfigured implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            return !env.containsProperty("spring.mongodb.uri") && !env.containsProperty("spring.mongodb.host");
        }
    }
}
