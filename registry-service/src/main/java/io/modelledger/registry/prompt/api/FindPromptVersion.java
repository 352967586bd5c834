package io.modelledger.registry.prompt.api;

public record FindPromptVersion(String promptName, int version) {
}
