package io.modelledger.registry.model.command;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ModelCommandConfiguration {

    /** A model with thousands of versions loads from its latest snapshot, not from its first event. */
    @Bean
    SnapshotTriggerDefinition modelSnapshotTrigger(Snapshotter snapshotter,
                                                   @Value("${modelledger.registry.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
