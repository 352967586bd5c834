package io.modelledger.eval;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Evaluation suites and runs, metrics, comparisons and the verdicts the registry enforces. */
@SpringBootApplication
public class EvalServiceApplication {

    public static final String CONFIG_NAME = "eval-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EvalServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
