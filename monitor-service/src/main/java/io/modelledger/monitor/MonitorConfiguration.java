package io.modelledger.monitor;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({MonitorProperties.class, io.modelledger.monitor.telemetry.query.Prices.class,
        io.modelledger.monitor.canary.CanarySettings.class})
class MonitorConfiguration {
}
