package io.modelledger.eval.run.api;

import io.modelledger.contracts.eval.MetricVerdict;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import java.util.Map;

public record CompleteEvaluationRun(@TargetAggregateIdentifier RunId runId, Boolean passed, Map<String, Double> metrics,
                                    Map<String, MetricVerdict> verdicts, int failedCases) {
}
