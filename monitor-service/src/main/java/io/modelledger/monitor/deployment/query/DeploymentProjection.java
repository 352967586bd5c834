package io.modelledger.monitor.deployment.query;

import io.modelledger.contracts.registry.DeploymentRetired;
import io.modelledger.contracts.registry.DeploymentRolledBack;
import io.modelledger.contracts.registry.ModelVersionDeployed;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.deployment.api.Deployment;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Which versions of which model serve where, from the registry's deployment events: one document per
 * model and environment holding its current traffic split (replaced whole, so a replay yields the same).
 */
@Component
@ProcessingGroup(DeploymentProjection.GROUP)
class DeploymentProjection {

    static final String GROUP = "monitor-deployments";

    private final MongoTemplate mongo;

    DeploymentProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ModelVersionDeployed event, @Timestamp Instant at) {
        save(event.modelName(), event.environment(), event.traffic(), at);
    }

    @EventHandler
    void on(DeploymentRolledBack event, @Timestamp Instant at) {
        save(event.modelName(), event.environment(), event.to(), at);
    }

    @EventHandler
    void on(DeploymentRetired event, @Timestamp Instant at) {
        save(event.modelName(), event.environment(), List.of(), at);
    }

    private void save(String model, String environment, List<TrafficSplit> traffic, Instant at) {
        mongo.save(new Deployment(DeploymentStore.id(model, environment), model, environment, traffic, at), DeploymentStore.DEPLOYMENTS);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(DeploymentStore.DEPLOYMENTS);
    }
}
