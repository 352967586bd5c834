package io.modelledger.monitor.telemetry.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Stores a batch of inference records, each checked on its own (a malformed record is a {@code null}
 * entry, refused with a reason); answered with the {@link TelemetryReceipt}. The batch id is the
 * idempotency key: a batch sent again stores nothing.
 */
public record IngestTelemetry(String batchId, List<JsonNode> records, io.modelledger.platform.metadata.KeyBinding binding) {

    public IngestTelemetry(String batchId, List<JsonNode> records) {
        this(batchId, records, null);
    }

    public static final int MAX_RECORDS = 10_000;
}
