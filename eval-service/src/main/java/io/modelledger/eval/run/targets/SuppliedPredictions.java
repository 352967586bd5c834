package io.modelledger.eval.run.targets;

import io.modelledger.eval.run.api.Prediction;
import io.modelledger.eval.suite.api.SuiteCase;

import java.util.Map;

/** The {@code predictions} target: each case's output as the run supplied it; nothing is called. */
final class SuppliedPredictions implements Target {

    private final Map<String, Prediction> predictions;

    SuppliedPredictions(Map<String, Prediction> predictions) {
        this.predictions = predictions;
    }

    @Override
    public Answer answer(SuiteCase c) {
        Prediction p = predictions.get(c.id());
        return p == null ? Answer.failed("no prediction supplied for this case", 0, 0)
                : new Answer(p.output(), p.score(), 0, 0, 0.0, 0, 1, null);
    }
}
