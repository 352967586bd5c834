package io.modelledger.contracts.registry;

/**
 * An alias of a prompt now points at {@code version} ({@code previousVersion} before, absent if new). A
 * protected alias moves only through a completed promotion, named by {@code promotionId}.
 */
public record PromptAliasAssigned(String promptName, String alias, int version, Integer previousVersion, String promotionId) {
}
