package io.modelledger.registry.prompt.api;

/** Identifies a Prompt aggregate; the string form is unique across all aggregates of the store. */
public record PromptId(String name) {
    @Override
    public String toString() {
        return "prompt:" + name;
    }
}
