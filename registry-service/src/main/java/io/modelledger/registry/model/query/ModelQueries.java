package io.modelledger.registry.model.query;

/** Queries of the model catalog, answered by {@link ModelCatalogProjection}. */
public final class ModelQueries {

    private ModelQueries() {
    }

    public record FindModel(String name) {
    }

    /** Models by name, ascending, after the cursor {@code after} (a name). */
    public record ListModels(String after, int limit) {
    }

    public record FindModelVersion(String modelName, int version) {
    }

    public record FindAliasHistory(String modelName, String alias) {
    }

    public record FindLineage(String modelName, int version) {
    }

    /** Versions of one model by number, ascending, after version {@code after}. */
    public record ListModelVersions(String modelName, int after, int limit) {
    }
}
