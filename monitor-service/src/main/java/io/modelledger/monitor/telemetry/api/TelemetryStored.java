package io.modelledger.monitor.telemetry.api;

import java.util.List;

/**
 * Published in the service (a Spring application event, not a governance event) after a batch was stored:
 * the documents it wrote, for online scoring and content capture. Never published for a duplicate batch.
 */
public record TelemetryStored(List<StoredDocument> documents) {

    /**
     * A stored document's id and, per row, the text of its LLM call (null entries where there is none) and the key
     * that decides whether it is in the sample.
     */
    public record StoredDocument(String documentId, String model, int version, List<CallText> texts, List<String> sampleKeys) {
    }
}
