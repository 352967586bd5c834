package io.modelledger.registry.prompt.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record PromptVersionView(String promptName, int version, String template, List<String> variables,
                                String targetProvider, String targetModel, Map<String, Object> parameters,
                                String commitMessage, Instant registeredAt, String registeredBy) {
}
