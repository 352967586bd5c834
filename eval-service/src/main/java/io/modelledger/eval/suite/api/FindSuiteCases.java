package io.modelledger.eval.suite.api;

/** A page of a suite version's cases; answered with an optional {@link SuiteCasePage} (empty when there is no such version). */
public record FindSuiteCases(String suiteName, int version, int offset, int limit) {
}
