package io.modelledger.monitor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Telemetry and feedback ingestion, drift, operational metrics, alerts and the feedback loop. */
@SpringBootApplication
public class MonitorServiceApplication {

    public static final String CONFIG_NAME = "monitor-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(MonitorServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
