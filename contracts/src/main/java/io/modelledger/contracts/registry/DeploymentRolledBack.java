package io.modelledger.contracts.registry;

import java.util.List;

/** An environment went back to the traffic split it had before its latest deployment. */
public record DeploymentRolledBack(String modelName, String environment, List<TrafficSplit> from, List<TrafficSplit> to) {

    public DeploymentRolledBack {
        from = from == null ? List.of() : List.copyOf(from);
        to = to == null ? List.of() : List.copyOf(to);
    }
}
