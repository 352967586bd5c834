package io.modelledger.registry.model.api;

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
