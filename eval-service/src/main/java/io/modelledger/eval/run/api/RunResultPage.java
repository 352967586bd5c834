package io.modelledger.eval.run.api;

import java.util.List;

/** The results of a page of cases (cases not answered yet are left out), and the offset of the next page (null on the last). */
public record RunResultPage(List<CaseResult> results, Integer next) {
}
