package io.modelledger.registry.governance;

import java.time.Instant;

/**
 * One evaluation verdict for one version of a model or prompt, with what a policy weighs: which suite
 * version, whether it passed ({@code null}: the suite gates on nothing), who started the run and how,
 * against what, and over how many cases. {@code eventId} is the verdict event's id in the store;
 * {@code onBehalfOf}, for a system re-evaluation, who started the run it replayed.
 */
public record VerdictEvidence(String eventId, String runId, String suiteName, String suiteSha256, Boolean passed,
                              String startedBy, String trigger, String targetKind, String targetEndpoint, String targetName,
                              int caseCount, int failedCases, Instant at, String onBehalfOf) {

    public VerdictEvidence(String eventId, String runId, String suiteName, String suiteSha256, Boolean passed, String startedBy,
                           String trigger, String targetKind, String targetEndpoint, String targetName, int caseCount,
                           int failedCases, Instant at) {
        this(eventId, runId, suiteName, suiteSha256, passed, startedBy, trigger, targetKind, targetEndpoint, targetName, caseCount,
             failedCases, at, null);
    }

    /** Whether {@code person} started this run, or the run a re-evaluation replayed. */
    public boolean startedBy(String person) {
        return person != null && (person.equals(startedBy) || person.equals(onBehalfOf));
    }
}
