package io.modelledger.platform.eventstore;

/** Payload used by the engine's conformance tests. */
public record TestEvent(String aggregateId, long sequence, String writer) {
}
