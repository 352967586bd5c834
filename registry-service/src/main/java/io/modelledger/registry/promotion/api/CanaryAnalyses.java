package io.modelledger.registry.promotion.api;

import io.modelledger.registry.governance.CanaryEvidence;

import java.util.Map;

/** Per environment, the latest canary analysis of one model version. */
public record CanaryAnalyses(Map<String, CanaryEvidence> byEnvironment) {

    public CanaryAnalyses {
        byEnvironment = byEnvironment == null ? Map.of() : Map.copyOf(byEnvironment);
    }
}
