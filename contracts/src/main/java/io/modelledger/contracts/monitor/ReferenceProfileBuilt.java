package io.modelledger.contracts.monitor;

import java.time.Instant;
import java.util.List;

/**
 * The distribution a model version's live data is compared with, built from {@code source}
 * ({@code dataset}: rows uploaded from a dataset version, named by {@code datasetName}/{@code datasetVersion};
 * or {@code telemetry}: the deployment's own records between {@code from} and {@code to}).
 */
public record ReferenceProfileBuilt(String modelName, int modelVersion, String source, String datasetName,
                                    Integer datasetVersion, String environment, Instant from, Instant to, long rows,
                                    List<String> features) {

    public ReferenceProfileBuilt {
        features = features == null ? List.of() : List.copyOf(features);
    }
}
