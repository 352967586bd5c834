package io.modelledger.eval.suite.api;

import io.modelledger.contracts.eval.MetricSpec;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Publishes stored suite content as the suite's next version, unless it equals the latest version. */
public record PublishSuiteVersion(@TargetAggregateIdentifier SuiteId suiteId, String sha256, int caseCount,
                                  List<MetricSpec> metrics, String description) {

    /** The version the content has, and whether this command created it. */
    public record Published(int version, boolean created) {
    }
}
