package io.modelledger.monitor.quality;

import io.modelledger.checks.Checks;
import io.modelledger.checks.MiniLmEmbeddings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The checks of the shared {@code checks} module, with MiniLM embeddings loaded on first use (groundedness). */
@Configuration(proxyBeanMethods = false)
class QualityConfiguration {

    @Bean
    Checks onlineChecks() {
        return new Checks(new MiniLmEmbeddings());
    }
}
