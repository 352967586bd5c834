package io.modelledger.eval.run.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelEvaluationRun(@TargetAggregateIdentifier RunId runId) {
}
