package io.modelledger.eval.run.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record FailEvaluationRun(@TargetAggregateIdentifier RunId runId, String reason) {
}
