package io.modelledger.registry.dataset.api;

/** Datasets by name after the cursor {@code after}; {@code null} filters match anything; {@code tag} is key:value. */
public record ListDatasets(String after, int limit, String owner, String tag, String text) {
}
