package io.modelledger.eval.run.api;

/** One run by id; answered with an optional {@link RunView}. */
public record FindRun(String runId) {
}
