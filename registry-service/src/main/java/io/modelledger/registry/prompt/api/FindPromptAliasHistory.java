package io.modelledger.registry.prompt.api;

public record FindPromptAliasHistory(String promptName, String alias) {
}
