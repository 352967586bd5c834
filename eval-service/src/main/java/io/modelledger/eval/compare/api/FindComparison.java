package io.modelledger.eval.compare.api;

/** A recorded comparison by id; answered with an optional {@code ComparisonCompleted}. */
public record FindComparison(String comparisonId) {
}
