package io.modelledger.eval.run.targets;

import io.modelledger.eval.metric.Checks;
import io.modelledger.eval.metric.TextEmbeddings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EvalProperties.class)
class EvalConfiguration {

    @Bean
    Checks checks(TextEmbeddings embeddings) {
        return new Checks(embeddings);
    }
}
