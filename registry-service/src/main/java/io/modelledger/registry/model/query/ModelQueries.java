package io.modelledger.registry.model.query;

/** Queries of the model catalog, answered by {@link ModelCatalogProjection}. */
public final class ModelQueries {

    private ModelQueries() {
    }

    public record FindModel(String name) {
    }

    /** Models by name, ascending, after the cursor {@code after} (a name), filtered. */
    public record ListModels(String after, int limit, ModelFilter filter) {
    }

    /** Conditions a listed model meets; {@code null} means any. {@code tag} is {@code key:value}. */
    public record ModelFilter(String ownerTeam, String riskTier, String taskType, String tag, String alias, String text,
                              boolean includeArchived) {
        public static final ModelFilter NONE = new ModelFilter(null, null, null, null, null, null, false);
    }

    /** Conditions a listed version meets; {@code null} means any. */
    public record VersionFilter(String tag, String framework, Boolean deprecated) {
        public static final VersionFilter NONE = new VersionFilter(null, null, null);

        public boolean matches(java.util.Map<String, String> tags, String versionFramework, boolean isDeprecated) {
            if (deprecated != null && deprecated != isDeprecated) {
                return false;
            }
            if (framework != null && !framework.equals(versionFramework)) {
                return false;
            }
            if (tag != null) {
                int colon = tag.indexOf(':');
                String key = colon < 0 ? tag : tag.substring(0, colon);
                String value = colon < 0 ? null : tag.substring(colon + 1);
                return tags != null && tags.containsKey(key) && (value == null || value.equals(tags.get(key)));
            }
            return true;
        }
    }

    public record FindModelVersion(String modelName, int version) {
    }

    public record FindAliasHistory(String modelName, String alias) {
    }

    public record FindLineage(String modelName, int version) {
    }

    /** Versions of one model by number, ascending, after version {@code after}. */
    public record ListModelVersions(String modelName, int after, int limit, VersionFilter filter) {
    }
}
