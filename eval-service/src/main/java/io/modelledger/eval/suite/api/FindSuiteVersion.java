package io.modelledger.eval.suite.api;

/** A version of a suite, or its latest when {@code version} is null; answered with an optional {@link SuiteVersionView}. */
public record FindSuiteVersion(String suiteName, Integer version) {
}
