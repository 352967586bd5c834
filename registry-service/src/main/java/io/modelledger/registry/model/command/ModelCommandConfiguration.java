package io.modelledger.registry.model.command;

import io.modelledger.platform.axon.FreshAggregateCache;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ModelCommandConfiguration {

    /**
     * Models stay in memory between commands (registrations arrive back to back from pipelines), checked
     * against the store before each use; see FreshAggregateCache.
     */
    @Bean
    Cache modelCache(MongoEventStorageEngine store, @Value("${modelledger.registry.cached-models:1000}") long size) {
        return new FreshAggregateCache(store, size);
    }

    /** A model with thousands of versions loads from its latest snapshot, not from its first event. */
    @Bean
    SnapshotTriggerDefinition modelSnapshotTrigger(Snapshotter snapshotter,
                                                   @Value("${modelledger.registry.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }
}
