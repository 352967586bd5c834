package io.modelledger.audit.api;

/** Recomputes the chain from the event store and compares it with the external checkpoints; answered with a {@link ChainVerification}. */
public record VerifyChain(int maxBreaks) {
}
