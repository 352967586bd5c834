package io.modelledger.eval.compare.api;

import io.modelledger.contracts.eval.ComparisonCompleted;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordComparison(@TargetAggregateIdentifier ComparisonId comparisonId, ComparisonCompleted result) {
}
