package io.modelledger.monitor.telemetry.api;

import java.util.List;

/** The answer to a batch: what was stored, what was refused and why, and whether the batch had been stored before. */
public record TelemetryReceipt(String batchId, int accepted, List<Rejection> rejected, boolean duplicate) {
}
