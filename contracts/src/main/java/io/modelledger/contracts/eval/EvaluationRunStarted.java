package io.modelledger.contracts.eval;

import java.util.Map;

/**
 * A run of a suite version against one version of a model or prompt. {@code targetKind} is
 * {@code predictions} (the caller supplied the outputs), {@code openai} (an OpenAI-compatible
 * chat-completions endpoint) or {@code http} (a generic JSON endpoint); {@code target} describes it without
 * credentials (a secret is named, never included). {@code trigger} is {@code api} or {@code re-evaluation};
 * a re-evaluation replays an earlier run and names, in {@code onBehalfOf}, who started that one.
 */
public record EvaluationRunStarted(String runId, String suiteName, int suiteVersion, String suiteSha256,
                                   String subjectKind, String subjectName, int subjectVersion, String targetKind,
                                   Map<String, Object> target, int caseCount, String trigger, String onBehalfOf) {

    public EvaluationRunStarted {
        target = target == null ? Map.of() : target;
    }

    /** A run started by whoever its metadata names (not a replay of someone else's run). */
    public EvaluationRunStarted(String runId, String suiteName, int suiteVersion, String suiteSha256, String subjectKind,
                                String subjectName, int subjectVersion, String targetKind, Map<String, Object> target, int caseCount,
                                String trigger) {
        this(runId, suiteName, suiteVersion, suiteSha256, subjectKind, subjectName, subjectVersion, targetKind, target, caseCount,
             trigger, null);
    }
}
