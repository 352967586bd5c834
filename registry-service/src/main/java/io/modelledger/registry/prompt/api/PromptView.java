package io.modelledger.registry.prompt.api;

import java.time.Instant;
import java.util.Map;

public record PromptView(String name, String description, Map<String, String> tags, int latestVersion,
                         Map<String, Integer> aliases, Instant registeredAt, String registeredBy,
                         Map<String, Integer> protectedAliases) {
}
