package io.modelledger.monitor.deployment.query;

import io.modelledger.contracts.registry.TrafficSplit;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads the deployments {@link DeploymentProjection} keeps. */
@Component
public class Deployments {

    /** A model in an environment and the versions serving it. */
    @Document("monitor_deployments")
    public record Deployment(@Id String id, String modelName, String environment, List<TrafficSplit> traffic, Instant since) {

        public Deployment {
            traffic = traffic == null ? List.of() : traffic;
        }

        /** The version with the largest share of traffic, or empty when retired. */
        public Optional<Integer> primaryVersion() {
            return traffic.stream().filter(t -> t.percent() > 0).max(Comparator.comparingInt(TrafficSplit::percent))
                          .map(TrafficSplit::version);
        }
    }

    private final MongoTemplate mongo;

    public Deployments(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static String id(String model, String environment) {
        return model + "|" + environment;
    }

    /** Every deployment still serving traffic (few: one per model and environment). */
    public List<Deployment> active() {
        return mongo.findAll(Deployment.class).stream().filter(d -> d.primaryVersion().isPresent()).toList();
    }

    public Optional<Deployment> find(String model, String environment) {
        return Optional.ofNullable(mongo.findById(id(model, environment), Deployment.class));
    }
}
