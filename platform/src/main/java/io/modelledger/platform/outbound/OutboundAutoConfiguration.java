package io.modelledger.platform.outbound;

import io.modelledger.platform.observe.OutboundHttp;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The guarded outbound client every service uses for hosts users name. */
@AutoConfiguration(afterName = "io.modelledger.platform.observe.TracingAutoConfiguration")
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public HostResolver hostResolver() {
        return HostResolver.system();
    }

    @Bean
    @ConditionalOnMissingBean
    public OutboundGuard outboundGuard(HostResolver resolver, OutboundProperties properties) {
        return new OutboundGuard(resolver, properties.allowInternal());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public GuardedHttp guardedHttp(OutboundGuard guard, ObjectProvider<OutboundHttp> tracing, OutboundProperties properties) {
        return new GuardedHttp(guard, tracing.getIfAvailable(() -> new OutboundHttp(io.opentelemetry.api.OpenTelemetry.noop())), properties.maxResponseBytes().toBytes(), properties.connectTimeout());
    }
}
