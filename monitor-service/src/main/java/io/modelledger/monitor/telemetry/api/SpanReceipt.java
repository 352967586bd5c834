package io.modelledger.monitor.telemetry.api;

import java.util.List;

/**
 * What an OTLP export did: LLM calls stored, spans refused (with the first reasons, for OTLP's
 * {@code partial_success.error_message}), spans skipped as not LLM calls, and whether it had been stored before.
 */
public record SpanReceipt(int accepted, int rejected, int skipped, List<String> reasons, boolean duplicate) {
}
