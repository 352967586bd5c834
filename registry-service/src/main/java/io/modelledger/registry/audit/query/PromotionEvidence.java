package io.modelledger.registry.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelledger.contracts.audit.AuditEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Says, in an auditor's words, which verdicts a promotion stood on: the {@code evidence} of a
 * {@code PromotionCompleted} (suite → verdict event id), each resolved to the verdict's run, suite version,
 * starter and target as the trail recorded them.
 */
final class PromotionEvidence {

    private final Map<String, JsonNode> verdictsByEventId = new HashMap<>();

    /** Remembers a verdict entry so that later promotions can name it. */
    void record(AuditEntry entry, JsonNode payload) {
        if ("EvaluationCompleted".equals(entry.type())) {
            verdictsByEventId.put(entry.eventId(), payload);
        }
    }

    /** "approved on the evidence of …", or null when the promotion named no verdict (no suite was required). */
    String describe(JsonNode evidence) {
        if (evidence == null || !evidence.isObject() || evidence.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = evidence.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> requirement = it.next();
            String eventId = requirement.getValue().asText();
            JsonNode verdict = verdictsByEventId.get(eventId);
            parts.add(requirement.getKey() + ": verdict " + eventId + (verdict == null ? "" : " (run " + ModelStateAt.text(verdict, "runId")
                    + ", suite " + abbreviated(ModelStateAt.text(verdict, "suiteSha256")) + ", started by "
                    + ModelStateAt.text(verdict, "startedBy") + ", " + ModelStateAt.text(verdict, "targetKind")
                    + (verdict.hasNonNull("targetEndpoint") ? " " + ModelStateAt.text(verdict, "targetEndpoint") : "")
                    + ", " + ModelStateAt.text(verdict, "caseCount") + " cases, " + ModelStateAt.text(verdict, "failedCases")
                    + " failed)"));
        }
        return "approved on the evidence of " + String.join("; ", parts);
    }

    private static String abbreviated(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(12, sha.length()));
    }
}
