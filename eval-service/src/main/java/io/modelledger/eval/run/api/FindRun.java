package io.modelledger.eval.run.api;

/** One run by id; answered with an optional {@link RunView}. */
public record FindRun(String runId) {

    /** The read model (processing group) that answers it. */
    public static final String READ_MODEL = "eval-runs";
}
