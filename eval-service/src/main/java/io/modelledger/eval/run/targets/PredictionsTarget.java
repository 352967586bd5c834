package io.modelledger.eval.run.targets;

import jakarta.validation.constraints.Min;

/** Outputs supplied with the run, keyed by case id: nothing is called. */
public record PredictionsTarget(@Min(1) Integer concurrency) implements TargetSpec {
}
