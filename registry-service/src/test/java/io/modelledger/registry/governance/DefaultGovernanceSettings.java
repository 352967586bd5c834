package io.modelledger.registry.governance;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The registry's default governance settings as a bean, for web slices of controllers that read them. */
@TestConfiguration(proxyBeanMethods = false)
public class DefaultGovernanceSettings {

    @Bean
    GovernanceSettings governanceSettings() {
        return GovernanceSettings.defaults();
    }
}
