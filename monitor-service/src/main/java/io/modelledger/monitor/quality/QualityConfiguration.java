package io.modelledger.monitor.quality;

import io.modelledger.checks.Checks;
import io.modelledger.checks.Guard;
import io.modelledger.checks.MiniLmEmbeddings;
import io.modelledger.checks.TextEmbeddings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks of the shared {@code checks} module: online scoring's and the runtime guard's, over one set of MiniLM
 * embeddings (the model loads once, on first use).
 */
@Configuration(proxyBeanMethods = false)
class QualityConfiguration {

    @Bean
    TextEmbeddings textEmbeddings() {
        return new MiniLmEmbeddings();
    }

    @Bean
    Checks onlineChecks(TextEmbeddings embeddings) {
        return new Checks(embeddings);
    }

    @Bean
    Guard guard(TextEmbeddings embeddings) {
        return new Guard(embeddings);
    }
}
