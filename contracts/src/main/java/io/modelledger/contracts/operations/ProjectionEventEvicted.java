package io.modelledger.contracts.operations;

/**
 * An admin let a read model's processor pass an event it could not apply ({@code reason} says why): the
 * event stays in the log, and the read model lacks what it would have added until a replay after a fix.
 */
public record ProjectionEventEvicted(String service, String processor, String eventId, String eventType, String reason) {
}
