package io.modelledger.eval.run.api;

import java.util.Map;

/** What one case of a run produced and how its checks scored it; {@code id} is {@code runId:caseId}. */
public record CaseResult(String id, String runId, String caseId, String output, Double score, long latencyMs,
                         int attempts, int promptTokens, int completionTokens, Double cost, String error,
                         Map<String, Double> checks, Map<String, Object> details) {

    public static String id(String runId, String caseId) {
        return runId + ":" + caseId;
    }
}
