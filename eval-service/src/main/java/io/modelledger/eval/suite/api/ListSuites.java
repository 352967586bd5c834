package io.modelledger.eval.suite.api;

/** Suites by name, at most {@code limit}; answered with a list of {@link SuiteView}. */
public record ListSuites(int limit) {
}
