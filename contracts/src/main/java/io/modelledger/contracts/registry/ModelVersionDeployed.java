package io.modelledger.contracts.registry;

import java.util.List;

/**
 * A version now serves {@code percent} of an environment's traffic; {@code traffic} is the whole split
 * afterwards (100 retires every other version there).
 */
public record ModelVersionDeployed(String modelName, String environment, int version, int percent,
                                   List<TrafficSplit> traffic) {

    public ModelVersionDeployed {
        traffic = traffic == null ? List.of() : List.copyOf(traffic);
    }
}
