package io.modelledger.contracts.eval;

/** One metric's value in a run against the threshold it had to meet ({@code threshold} null: reported only; {@code value} null: undefined on these cases, e.g. ROC AUC with one class). */
public record MetricVerdict(Double value, Double threshold, String comparator, boolean passed) {
}
