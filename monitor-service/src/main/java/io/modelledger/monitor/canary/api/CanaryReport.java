package io.modelledger.monitor.canary.api;

import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;

import java.time.Instant;
import java.util.List;

/** A deployment's latest canary analysis ({@code latest}, null when none ran) and those before it, newest first. */
public record CanaryReport(String modelName, String environment, Analysis latest, List<Analysis> history) {

    /** One recorded analysis: the event's id and time, and what it found. */
    public record Analysis(String eventId, Instant at, CanaryAnalysisCompleted analysis) {
    }
}
