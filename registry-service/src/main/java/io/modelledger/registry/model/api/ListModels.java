package io.modelledger.registry.model.api;

/** Models by name, ascending, after the cursor {@code after} (a name), filtered. */
public record ListModels(String after, int limit, ModelFilter filter) {
}
