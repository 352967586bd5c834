package io.modelledger.eval.run.api;

/** Identifies an EvaluationRun aggregate; the string form is unique across all aggregates of the store. */
public record RunId(String id) {

    @Override
    public String toString() {
        return "evaluation-run:" + id;
    }
}
