package io.modelledger.contracts.monitor;

/** Someone took ownership of an open alert; it stays open until its condition clears or it is resolved. */
public record AlertAcknowledged(String alertId, String modelName, String note) {
}
