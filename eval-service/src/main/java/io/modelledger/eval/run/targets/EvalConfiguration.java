package io.modelledger.eval.run.targets;

import io.modelledger.checks.Checks;
import io.modelledger.checks.MiniLmEmbeddings;
import io.modelledger.checks.TextEmbeddings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvalProperties.class)
class EvalConfiguration {

    /** MiniLM sentence embeddings, loaded on first use, shared by every run's similarity and groundedness checks. */
    @Bean
    MiniLmEmbeddings embeddings() {
        return new MiniLmEmbeddings();
    }

    @Bean
    Checks checks(TextEmbeddings embeddings) {
        return new Checks(embeddings);
    }
}
