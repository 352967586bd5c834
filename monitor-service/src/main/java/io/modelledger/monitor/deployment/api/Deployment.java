package io.modelledger.monitor.deployment.api;

import io.modelledger.contracts.registry.TrafficSplit;
import org.springframework.data.annotation.Id;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A model in an environment and the versions serving it. */
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
