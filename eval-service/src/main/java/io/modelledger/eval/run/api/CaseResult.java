package io.modelledger.eval.run.api;

import java.util.List;
import java.util.Map;

/**
 * What one case of a run produced and how its checks scored it; {@code id} is {@code runId:caseId}. {@code failed}
 * names the per-case checks this case failed: a pass/fail check (or the case's own assertions) that did not pass, a
 * finding check that flagged it, a scored check on the wrong side of its metric's threshold.
 */
public record CaseResult(String id, String runId, String caseId, String output, Double score, long latencyMs,
                         int attempts, int promptTokens, int completionTokens, Double cost, String error,
                         Map<String, Double> checks, Map<String, Object> details, List<String> failed) {

    public CaseResult {
        failed = failed == null ? List.of() : failed;
    }

    public CaseResult(String id, String runId, String caseId, String output, Double score, long latencyMs, int attempts,
                      int promptTokens, int completionTokens, Double cost, String error, Map<String, Double> checks,
                      Map<String, Object> details) {
        this(id, runId, caseId, output, score, latencyMs, attempts, promptTokens, completionTokens, cost, error, checks, details, List.of());
    }

    public static String id(String runId, String caseId) {
        return runId + ":" + caseId;
    }
}
