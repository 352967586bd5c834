package io.modelledger.console;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The web console: pages rendered on the server over the public API. It is a client of the gateway like the
 * CLI, never of a service, and calls it with the signed-in person's own credential, held in their session on
 * this side only, so every action is theirs in the audit trail.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static final String CONFIG_NAME = "console";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ConsoleApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
