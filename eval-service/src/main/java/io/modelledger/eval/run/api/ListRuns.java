package io.modelledger.eval.run.api;

/** Recent runs, newest first, optionally of one subject (and version); answered with a list of {@link RunView}. */
public record ListRuns(String subjectKind, String subjectName, Integer subjectVersion, int limit) {
}
