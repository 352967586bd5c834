package io.modelledger.registry.access.api;

/** Answered with a {@link ApiKeyList}. */
public record ApiKeyList(java.util.List<ApiKeyView> items) {
}
