package io.modelledger.eval.run.api;

/** A page of a run's per-case results, in suite order; answered with an optional {@link RunResultPage} (empty for no such run). */
public record FindRunResults(String runId, int offset, int limit) {
}
