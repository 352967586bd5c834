package io.modelledger.eval.run.targets;

import io.modelledger.eval.suite.api.SuiteCase;

/** Where a run's outputs come from: supplied predictions, or a model endpoint called per case. */
public interface Target {

    /** What one call produced; {@code error} set (and no output) when the case could not be answered. */
    /** {@code cost}: null when the call used tokens its model has no price for (unpriced). */
    record Answer(String output, Double score, int promptTokens, int completionTokens, Double cost, long latencyMs,
                  int attempts, String error) {

        public static Answer failed(String error, long latencyMs, int attempts) {
            return new Answer(null, null, 0, 0, 0.0, latencyMs, attempts, error);
        }
    }

    Answer answer(SuiteCase c);
}
