package io.modelledger.monitor.telemetry.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.monitor.deployment.query.FindKnownVersion;
import io.modelledger.monitor.deployment.query.KnownVersionView;
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
 * registered), the valid ones stored, the others reported with reasons.
 */
@Component
public class TelemetryIngestion {

    public static final int MAX_RECORDS = 10_000;

    private final TelemetryStore store;
    private final QueryGateway queries;
    private final Clock clock;

    public TelemetryIngestion(TelemetryStore store, QueryGateway queries, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.queries = queries;
    }

    private boolean knownVersion(String model, int version) {
        return queries.query(new FindKnownVersion(model, version), ResponseTypes.optionalInstanceOf(KnownVersionView.class))
                      .join().isPresent();
    }

    /** The answer to a batch: what was stored, what was refused and why. */
    public record Result(String batchId, int accepted, List<TelemetryParser.Rejection> rejected, boolean duplicate) {
    }

    public Result ingest(String batchId, List<JsonNode> records) {
        if (batchId == null || batchId.isBlank() || batchId.length() > 128 || batchId.contains(":")) {
            throw new FieldException("batchId", "required: 1-128 characters without ':' (the batch's idempotency key)");
        }
        if (records.isEmpty()) {
            throw new FieldException("records", "a batch needs at least one record");
        }
        if (records.size() > MAX_RECORDS) {
            throw new FieldException("records", "at most " + MAX_RECORDS + " records per batch");
        }
        TelemetryParser.Parsed parsed = TelemetryParser.parse(records, clock.instant(), store.retention());
        List<InferenceRecord> known = new ArrayList<>(parsed.accepted().size());
        List<TelemetryParser.Rejection> rejected = new ArrayList<>(parsed.rejected());
        Map<String, Boolean> versions = new HashMap<>();
        for (int i = 0; i < parsed.accepted().size(); i++) {
            InferenceRecord record = parsed.accepted().get(i);
            String key = record.model() + "/" + record.version();
            if (versions.computeIfAbsent(key, k -> knownVersion(record.model(), record.version()))) {
                known.add(record);
            } else {
                rejected.add(new TelemetryParser.Rejection(parsed.positions().get(i), "version", "model '" + record.model()
                        + "' has no registered version " + record.version()));
            }
        }
        rejected.sort(java.util.Comparator.comparingInt(TelemetryParser.Rejection::index));
        TelemetryStore.Receipt receipt = store.ingest(batchId, known, rejected.size());
        return new Result(batchId, receipt.accepted(), receipt.duplicate() ? List.of() : rejected, receipt.duplicate());
    }
}
