package io.modelledger.audit.api;

/** One broken link: the event whose stored content or chain no longer matches its entry. */
public record ChainBreak(long position, String eventId, String problem) {
}
