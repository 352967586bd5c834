package io.modelledger.contracts.operations;

/** An admin rebuilt one read model from the intact events (a replay of its processing group). */
public record ProjectionReplayed(String service, String processor, String reason) {
}
