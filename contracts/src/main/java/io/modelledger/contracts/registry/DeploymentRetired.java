package io.modelledger.contracts.registry;

import java.util.List;

/** A model no longer serves in an environment. */
public record DeploymentRetired(String modelName, String environment, List<TrafficSplit> from) {

    public DeploymentRetired {
        from = from == null ? List.of() : List.copyOf(from);
    }
}
