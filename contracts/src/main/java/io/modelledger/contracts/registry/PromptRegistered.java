package io.modelledger.contracts.registry;

import java.util.Map;

/** A prompt (a named family of template versions) was added to the registry. */
public record PromptRegistered(String promptName, String description, Map<String, String> tags) {

    public PromptRegistered {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
