package io.modelledger.registry.governance;

import java.time.Instant;
import java.util.List;

/**
 * The latest canary analysis of one model version in one environment, as a promotion policy weighs it: its event id
 * (what a completed promotion names), the primary version it was compared with, its outcome, the candidate records it
 * counted, the metrics it found worse, and the span of evidence [{@code from}, {@code to}) it judged.
 */
public record CanaryEvidence(String eventId, String environment, int primaryVersion, int candidateVersion, String outcome,
                             long candidateRecords, List<String> worseMetrics, Instant at, Instant from, Instant to) {

    public CanaryEvidence {
        worseMetrics = worseMetrics == null ? List.of() : List.copyOf(worseMetrics);
    }
}
