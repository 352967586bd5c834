package io.modelledger.eval.run.api;

import io.modelledger.contracts.eval.MetricVerdict;

import java.time.Instant;
import java.util.Map;

/** A run: what it evaluates, its progress ({@code elapsedMs} up to now while it runs) and its outcome. */
public record RunView(String runId, String status, String suiteName, int suiteVersion, String suiteSha256, String subjectKind,
                      String subjectName, int subjectVersion, String targetKind, Map<String, Object> target, String trigger,
                      int caseCount, int casesDone, int casesFailed, Instant startedAt, Instant finishedAt, long elapsedMs,
                      String startedBy, Boolean passed, Map<String, Double> metrics, Map<String, MetricVerdict> verdicts,
                      Map<String, Object> reports, String failure) {
}
