package io.modelledger.registry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Models, versions, datasets, prompts, aliases, policies, approvals and deployments; it also hosts the audit trail. */
@SpringBootApplication(scanBasePackages = {"io.modelledger.registry", "io.modelledger.audit"})
@EnableScheduling
public class RegistryServiceApplication {

    /** Configuration lives in {@code registry-service.yml}: every service shares one classpath in standalone mode. */
    public static final String CONFIG_NAME = "registry-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RegistryServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
