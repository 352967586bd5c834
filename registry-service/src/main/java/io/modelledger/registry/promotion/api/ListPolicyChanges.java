package io.modelledger.registry.promotion.api;

/** Policy changes of every model and prompt in one status, newest request first. */
public record ListPolicyChanges(String status, int limit) {
}
