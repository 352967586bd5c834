package io.modelledger.registry.governance;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link GovernanceSettings}; aggregates receive it as a command handler parameter. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GovernanceSettings.class)
class GovernanceConfiguration {
}
