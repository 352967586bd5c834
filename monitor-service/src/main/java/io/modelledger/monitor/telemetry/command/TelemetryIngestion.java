package io.modelledger.monitor.telemetry.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelledger.monitor.telemetry.api.IngestTelemetry;
import io.modelledger.monitor.telemetry.api.Rejection;
import io.modelledger.monitor.telemetry.api.TelemetryReceipt;
import io.modelledger.monitor.telemetry.query.InferenceRecord;
import io.modelledger.monitor.telemetry.query.TelemetryParser;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingests a batch: each record validated on its own (and attributed to a model version the registry
 * registered), the valid ones stored, the others reported with reasons. Telemetry is stored, not sent as
 * events: it is far too much for the governance log, and only what it leads to (alerts, drift) is an event.
 */
@Component
class TelemetryIngestion {

    private final TelemetryStore store;
    private final QueryGateway queries;
    private final Clock clock;

    TelemetryIngestion(TelemetryStore store, QueryGateway queries, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.queries = queries;
    }

    private boolean knownVersion(String model, int version) {
        return queries.query(new FindKnownVersion(model, version), ResponseTypes.optionalInstanceOf(KnownVersionView.class))
                      .join().isPresent();
    }

    @CommandHandler
    TelemetryReceipt handle(IngestTelemetry command) {
        String batchId = command.batchId();
        List<JsonNode> records = command.records();
        if (batchId == null || batchId.isBlank() || batchId.length() > 128 || batchId.contains(":")) {
            throw new FieldException("batchId", "required: 1-128 characters without ':' (the batch's idempotency key)");
        }
        if (records.isEmpty()) {
            throw new FieldException("records", "a batch needs at least one record");
        }
        if (records.size() > IngestTelemetry.MAX_RECORDS) {
            throw new FieldException("records", "at most " + IngestTelemetry.MAX_RECORDS + " records per batch");
        }
        TelemetryParser.Parsed parsed = TelemetryParser.parse(records, clock.instant(), store.retention());
        List<InferenceRecord> known = new ArrayList<>(parsed.accepted().size());
        List<Rejection> rejected = new ArrayList<>(parsed.rejected());
        Map<String, Boolean> versions = new HashMap<>();
        for (int i = 0; i < parsed.accepted().size(); i++) {
            InferenceRecord record = parsed.accepted().get(i);
            String key = record.model() + "/" + record.version();
            if (versions.computeIfAbsent(key, k -> knownVersion(record.model(), record.version()))) {
                known.add(record);
            } else {
                rejected.add(new Rejection(parsed.positions().get(i), "version", "model '" + record.model()
                        + "' has no registered version " + record.version()));
            }
        }
        rejected.sort(java.util.Comparator.comparingInt(Rejection::index));
        TelemetryStore.Receipt receipt = store.ingest(batchId, known, rejected.size());
        return new TelemetryReceipt(batchId, receipt.accepted(), receipt.duplicate() ? List.of() : rejected, receipt.duplicate());
    }
}
