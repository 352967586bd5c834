package io.modelledger.eval.run.query;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.Map;

/** What one case of a run produced and how its checks scored it; {@code id} is {@code runId:caseId}. */
@Document("eval_case_results")
public record CaseResult(@Id String id, String runId, String caseId, String output, Double score, long latencyMs,
                         int attempts, int promptTokens, int completionTokens, double cost, String error,
                         Map<String, Double> checks, Map<String, Object> details) {

    public static String id(String runId, String caseId) {
        return runId + ":" + caseId;
    }
}
