package io.modelledger.registry.model.api;

/** Conditions a listed model meets; {@code null} means any. {@code tag} is {@code key:value}. */
public record ModelFilter(String ownerTeam, String riskTier, String taskType, String tag, String alias, String text,
                          boolean includeArchived) {
    public static final ModelFilter NONE = new ModelFilter(null, null, null, null, null, null, false);
}
