package io.modelledger.monitor.telemetry.api;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Stores the LLM calls of an OTLP trace export; answered with a {@link SpanReceipt}. The batch id (a digest
 * of the export's bytes) makes an exporter's retry of the same export store nothing twice.
 */
public record IngestSpans(String batchId, ExportTraceServiceRequest request, io.modelledger.platform.metadata.KeyBinding binding) {

    public IngestSpans(String batchId, ExportTraceServiceRequest request) {
        this(batchId, request, null);
    }
}
