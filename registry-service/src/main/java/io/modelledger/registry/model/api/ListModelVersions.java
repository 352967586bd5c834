package io.modelledger.registry.model.api;

/** Versions of one model by number, ascending, after version {@code after}. */
public record ListModelVersions(String modelName, int after, int limit, VersionFilter filter) {
}
