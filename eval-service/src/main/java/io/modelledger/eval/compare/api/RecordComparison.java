package io.modelledger.eval.compare.api;

import io.modelledger.contracts.eval.ComparisonCompleted;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

public record RecordComparison(@TargetAggregateIdentifier ComparisonId comparisonId, ComparisonCompleted result) {
}
