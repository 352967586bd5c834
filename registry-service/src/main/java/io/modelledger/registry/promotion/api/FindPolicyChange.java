package io.modelledger.registry.promotion.api;

/** One policy change by its id, in whatever status. */
public record FindPolicyChange(String changeId) {
}
