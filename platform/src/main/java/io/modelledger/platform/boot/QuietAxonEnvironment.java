package io.modelledger.platform.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Axon reads two switches as JVM system properties, not Spring properties: its update checker (which
 * calls out to the internet and writes {@code ~/.axoniq}) and its console banner. Both are off unless the
 * operator turned them on explicitly.
 */
public class QuietAxonEnvironment implements EnvironmentPostProcessor {

    static final String UPDATE_CHECKER = "axoniq.update-checker.disabled";
    static final String CONSOLE_MESSAGE = "disable-axoniq-console-message";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        quiet();
    }

    public static void quiet() {
        if (System.getProperty(UPDATE_CHECKER) == null && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER, "true");
        }
        if (System.getProperty(CONSOLE_MESSAGE) == null) {
            System.setProperty(CONSOLE_MESSAGE, "true");
        }
    }
}
