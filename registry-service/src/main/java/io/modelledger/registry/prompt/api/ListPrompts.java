package io.modelledger.registry.prompt.api;

/** Prompts by name after the cursor; {@code null} filters match anything; {@code tag} is key:value. */
public record ListPrompts(String after, int limit, String tag, String alias, String text) {
}
