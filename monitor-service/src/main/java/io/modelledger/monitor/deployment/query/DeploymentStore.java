package io.modelledger.monitor.deployment.query;

import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.api.ListActiveDeployments;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads the deployments {@link DeploymentProjection} keeps. */
@Component
public class DeploymentStore {

    static final String DEPLOYMENTS = "monitor_deployments";

    private final MongoTemplate mongo;

    public DeploymentStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static String id(String model, String environment) {
        return model + "|" + environment;
    }

    /** Every deployment still serving traffic (few: one per model and environment). */
    public List<Deployment> active() {
        return mongo.findAll(Deployment.class, DEPLOYMENTS).stream().filter(d -> d.primaryVersion().isPresent()).toList();
    }

    @QueryHandler
    List<Deployment> handle(ListActiveDeployments query) {
        return active();
    }

    public Optional<Deployment> find(String model, String environment) {
        return Optional.ofNullable(mongo.findById(id(model, environment), Deployment.class, DEPLOYMENTS));
    }
}
