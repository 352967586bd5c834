package io.modelledger.eval.suite.api;

import java.util.List;

/** Cases of a suite version in order, and the offset of the next page (null on the last). */
public record SuiteCasePage(List<SuiteCase> cases, Integer next) {
}
