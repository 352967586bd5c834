package io.modelledger.registry.governance;

import java.time.Instant;

/**
 * One evaluation verdict for one version of a model or prompt, with what a policy weighs: which suite
 * version, whether it passed ({@code null}: the suite gates on nothing), who started the run and how,
 * against what, and over how many cases. {@code eventId} is the verdict event's id in the store.
 */
public record VerdictEvidence(String eventId, String runId, String suiteName, String suiteSha256, Boolean passed,
                              String startedBy, String trigger, String targetKind, String targetEndpoint, String targetName,
                              int caseCount, int failedCases, Instant at) {

    /** Started by the system (a re-evaluation), not by a person. */
    public boolean systemTriggered() {
        return "re-evaluation".equals(trigger) || (startedBy != null && startedBy.startsWith("system:"));
    }
}
