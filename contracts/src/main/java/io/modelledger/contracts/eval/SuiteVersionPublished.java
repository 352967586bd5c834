package io.modelledger.contracts.eval;

import java.util.List;

/**
 * A new immutable version of an evaluation suite. The version is identified by {@code sha256}, the SHA-256
 * of the canonical JSON of its cases and metric specs; the cases themselves live in eval-service's store.
 */
public record SuiteVersionPublished(String suiteName, int version, String sha256, int caseCount,
                                    List<MetricSpec> metrics, String description) {

    public SuiteVersionPublished {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
