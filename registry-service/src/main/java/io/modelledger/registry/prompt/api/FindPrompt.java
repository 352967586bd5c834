package io.modelledger.registry.prompt.api;

public record FindPrompt(String name) {
}
