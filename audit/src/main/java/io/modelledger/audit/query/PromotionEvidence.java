package io.modelledger.audit.query;

import io.modelledger.contracts.eval.EvaluationCompleted;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Says, in an auditor's words, which verdicts a promotion stood on: the {@code evidence} of a
 * {@code PromotionCompleted} (suite → verdict event id), each resolved to the verdict's run, suite version,
 * starter and target as the trail recorded them.
 */
final class PromotionEvidence {

    private final Map<String, EvaluationCompleted> verdictsByEventId = new HashMap<>();

    /** Remembers a verdict so that later promotions can name it. */
    void record(String eventId, EvaluationCompleted verdict) {
        verdictsByEventId.put(eventId, verdict);
    }

    /** "approved on the evidence of …" (requirements by suite name), or null when the promotion named no verdict. */
    String describe(Map<String, String> evidence) {
        if (evidence == null || evidence.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(evidence).forEach((suite, eventId) -> {
            EvaluationCompleted verdict = verdictsByEventId.get(eventId);
            parts.add(suite + ": verdict " + eventId + (verdict == null ? "" : " (run " + verdict.runId() + ", suite "
                    + abbreviated(verdict.suiteSha256()) + ", started by " + verdict.startedBy() + ", " + verdict.targetKind()
                    + (verdict.targetEndpoint() != null ? " " + verdict.targetEndpoint() : "") + ", " + verdict.caseCount()
                    + " cases, " + verdict.failedCases() + " failed)"));
        });
        return "approved on the evidence of " + String.join("; ", parts);
    }

    private static String abbreviated(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }
}
