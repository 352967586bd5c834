package io.modelledger.monitor.telemetry.command;

import io.modelledger.platform.metadata.KeyBinding;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.telemetry.api.CallText;
import io.modelledger.monitor.telemetry.api.IngestSpans;
import io.modelledger.monitor.telemetry.api.IngestTelemetry;
import io.modelledger.monitor.telemetry.api.Rejection;
import io.modelledger.monitor.telemetry.api.SpanReceipt;
import io.modelledger.monitor.telemetry.api.TelemetryReceipt;
import io.modelledger.monitor.telemetry.api.TelemetryStored;
import io.modelledger.monitor.telemetry.otlp.GenAiSpans;
import io.modelledger.monitor.telemetry.query.InferenceRecord;
import io.modelledger.monitor.telemetry.query.Prices;
import io.modelledger.monitor.telemetry.query.TelemetryParser;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.platform.domain.FieldException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ingests a batch of telemetry records, or the LLM calls of an OTLP trace export: each record validated on
 * its own (and attributed to a model version the registry registered), priced from the price table where it
 * carries tokens but no cost, the valid ones stored, the others reported with reasons. Telemetry is stored,
 * not sent as events: it is far too much for the governance log, and only what it leads to (alerts, drift)
 * is an event. What was stored is then offered to online scoring ({@link TelemetryStored}).
 */
@Component
class TelemetryIngestion {

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int MAX_REASONS = 5;
    private static final Duration KNOWN_FOR = Duration.ofSeconds(10);
    private final Map<String, Long> known = new java.util.concurrent.ConcurrentHashMap<>();

    private final TelemetryStore store;
    private final DeploymentStore deployments;
    private final Prices prices;
    private final QueryGateway queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TelemetryIngestion(TelemetryStore store, DeploymentStore deployments, Prices prices, QueryGateway queries,
                       ApplicationEventPublisher events, Clock clock) {
        this.clock = clock;
        this.store = store;
        this.deployments = deployments;
        this.prices = prices;
        this.queries = queries;
        this.events = events;
    }

    /**
     * Whether the registry registered this version. A yes is remembered for {@link #KNOWN_FOR} (a registered version
     * stays registered), so a steady stream of batches does not ask the read model every time; a no is asked again.
     */
    private boolean knownVersion(String model, int version) {
        String key = model + "/" + version;
        long now = clock.millis();
        Long until = known.get(key);
        if (until != null && until > now) {
            return true;
        }
        boolean registered = queries.query(new FindKnownVersion(model, version), ResponseTypes.optionalInstanceOf(KnownVersionView.class))
                                    .join().isPresent();
        if (registered) {
            if (known.size() > 10_000) {
                known.clear();
            }
            known.put(key, now + KNOWN_FOR.toMillis());
        }
        return registered;
    }

    @CommandHandler
    TelemetryReceipt handle(IngestTelemetry command) {
        String batchId = command.batchId();
        List<JsonNode> records = command.records();
        requireBatchId(batchId);
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
        KeyBinding binding = command.binding();
        for (int i = 0; i < parsed.accepted().size(); i++) {
            InferenceRecord record = parsed.accepted().get(i);
            String key = record.model() + "/" + record.version();
            if (binding != null && !binding.covers(record.model(), record.environment())) {
                rejected.add(new Rejection(parsed.positions().get(i), "model", binding.refusal(SEND)));
            } else if (versions.computeIfAbsent(key, k -> knownVersion(record.model(), record.version()))) {
                known.add(priced(record));
            } else {
                rejected.add(new Rejection(parsed.positions().get(i), "version", "model '" + record.model()
                        + "' has no registered version " + record.version()));
            }
        }
        rejected.sort(Comparator.comparingInt(Rejection::index));
        TelemetryStore.Receipt receipt = store.ingest(storedBatchId(batchId, binding), known, rejected.size(), binding != null);
        publish(receipt);
        return new TelemetryReceipt(batchId, receipt.accepted(), receipt.duplicate() ? List.of() : rejected, receipt.duplicate());
    }

    /**
     * The LLM calls of an OTLP export. A call names its model (and optionally its version) in
     * {@code modelledger.*} attributes and its environment in {@code deployment.environment.name}; without a
     * version it is the deployment's serving version, and a call to a deployment that splits traffic must
     * name it. Refused calls are counted with reasons (OTLP's partial success); other spans are skipped.
     */
    @CommandHandler
    SpanReceipt handle(IngestSpans command) {
        requireBatchId(command.batchId());
        GenAiSpans.Calls read = GenAiSpans.read(command.request(), IngestTelemetry.MAX_RECORDS);
        Instant now = clock.instant();
        List<InferenceRecord> records = new ArrayList<>(read.calls().size());
        Map<String, Long> reasons = new java.util.LinkedHashMap<>();
        Map<String, Boolean> versions = new HashMap<>();
        Map<String, Object> serving = new HashMap<>();
        for (GenAiSpans.Call call : read.calls()) {
            String refusal = refusal(call, now);
            if (refusal == null && command.binding() != null && !command.binding().covers(call.model(), call.environment())) {
                refusal = command.binding().refusal(SEND);
            }
            Integer version = call.version();
            if (refusal == null && version == null) {
                Object resolved = serving.computeIfAbsent(call.model() + "|" + call.environment(),
                                                          k -> servingVersion(call.model(), call.environment()));
                if (resolved instanceof Integer v) {
                    version = v;
                } else {
                    refusal = (String) resolved;
                }
            }
            if (refusal == null) {
                int v = version;
                if (!versions.computeIfAbsent(call.model() + "/" + v, k -> knownVersion(call.model(), v))) {
                    refusal = "model '" + call.model() + "' has no registered version " + v;
                }
            }
            if (refusal != null) {
                reasons.merge(refusal, 1L, Long::sum);
                continue;
            }
            // the text is not a prediction: it is stored only where the model's policy captures content
            records.add(priced(new InferenceRecord(call.model(), version, call.environment(), call.startMillis(), Map.of(), null, null,
                    call.latencyMs(), call.inputTokens(), call.outputTokens(), null, List.of(), call.error(), call.traceId(),
                    call.responseModel() != null ? call.responseModel() : call.requestModel(), call.finishReason(), call.prompt(),
                    call.promptVersion(), call, call.inferenceId())));
        }
        if (read.beyondLimit() > 0) {
            reasons.put("more than " + IngestTelemetry.MAX_RECORDS + " LLM calls in one export (send smaller batches)", (long) read.beyondLimit());
        }
        int rejected = (int) reasons.values().stream().mapToLong(Long::longValue).sum();
        List<String> firstReasons = reasons.entrySet().stream().limit(MAX_REASONS)
                                           .map(e -> e.getValue() + " span(s): " + e.getKey()).collect(Collectors.toList());
        TelemetryStore.Receipt receipt;
        try {
            receipt = records.isEmpty() && rejected == 0 ? new TelemetryStore.Receipt(command.batchId(), 0, 0, false)
                    : store.ingest(storedBatchId(command.batchId(), command.binding()), records, rejected, command.binding() != null);
        } catch (com.mongodb.MongoException e) { // the store is down or failing over: the exporter retries, and a retry stores once
            throw new io.modelledger.platform.domain.UnavailableException("the telemetry store is unavailable: " + e.getMessage());
        }
        publish(receipt);
        return new SpanReceipt(receipt.accepted(), receipt.rejected(), read.spans() - read.calls().size() - read.beyondLimit(),
                               receipt.duplicate() ? List.of() : firstReasons, receipt.duplicate());
    }

    private String refusal(GenAiSpans.Call call, Instant now) {
        if (call.model() == null) {
            return "no modelledger.model attribute on the span or its resource (the registered model it calls)";
        }
        if (call.environment() == null) {
            return "no deployment.environment.name attribute on the span or its resource";
        }
        String problem = firstProblem("modelledger.model", call.model(), 128, "deployment.environment.name", call.environment(), 64,
                                      "modelledger.prompt", call.prompt(), 128, "gen_ai.request.model", call.requestModel(), 128,
                                      "gen_ai.response.model", call.responseModel(), 128, "finish reason", call.finishReason(), 64,
                                      "modelledger.inference.id", call.inferenceId(), 128);
        if (problem != null) {
            return problem;
        }
        if (call.version() != null && call.version() < 1) {
            return "modelledger.model.version must be an integer ≥ 1";
        }
        if (call.promptVersion() != null && call.promptVersion() < 1) {
            return "modelledger.prompt.version must be an integer ≥ 1";
        }
        Instant start = Instant.ofEpochMilli(call.startMillis());
        if (start.isAfter(now.plus(CLOCK_SKEW))) {
            return "starts more than 5 minutes in the future";
        }
        if (start.isBefore(now.minus(store.retention()))) {
            return "older than the retention of " + store.retention();
        }
        return null;
    }

    /** The first field whose text is unacceptable, as "{@code <field>: <problem>}" (absent fields are fine). */
    private static String firstProblem(Object... fields) {
        for (int i = 0; i < fields.length; i += 3) {
            String value = (String) fields[i + 1];
            String problem = value == null ? null : TelemetryParser.textProblem(value, (Integer) fields[i + 2]);
            if (problem != null) {
                return fields[i] + ": " + problem;
            }
        }
        return null;
    }

    /** The only version a deployment serves, or why a call that names none cannot be attributed. */
    private Object servingVersion(String model, String environment) {
        Deployment deployment = deployments.find(model, environment).orElse(null);
        List<Integer> serving = deployment == null ? List.of()
                : deployment.traffic().stream().filter(t -> t.percent() > 0).map(t -> t.version()).sorted().toList();
        if (serving.isEmpty()) {
            return "model '" + model + "' serves no version in '" + environment + "': name it in modelledger.model.version";
        }
        if (serving.size() > 1) {
            return "model '" + model + "' splits traffic in '" + environment + "' between versions " + serving
                    + ": name the version in modelledger.model.version";
        }
        return serving.get(0);
    }

    /** A record with tokens and no cost is priced by the model that answered (or its model's name); unknown: unpriced. */
    private InferenceRecord priced(InferenceRecord record) {
        if (record.cost() != null) {
            return record;
        }
        if (record.promptTokens() == 0 && record.completionTokens() == 0) {
            return record.withCost(0.0);
        }
        String model = record.responseModel() != null ? record.responseModel() : record.model();
        return record.withCost(prices.cost(model, record.promptTokens(), record.completionTokens()).orElse(null));
    }

    private void publish(TelemetryStore.Receipt receipt) {
        if (receipt.duplicate() || receipt.stored().isEmpty()) {
            return;
        }
        List<TelemetryStored.StoredDocument> documents = new ArrayList<>();
        for (TelemetryStore.Stored stored : receipt.stored()) {
            List<InferenceRecord> rows = stored.records();
            if (rows.stream().allMatch(r -> r.content() == null)) {
                continue;
            }
            List<CallText> texts = new ArrayList<>(rows.size());
            List<String> keys = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                texts.add(rows.get(i).content());
                keys.add(stored.documentId() + ":" + i);
            }
            InferenceRecord head = rows.get(0);
            documents.add(new TelemetryStored.StoredDocument(stored.documentId(), head.model(), head.version(), texts, keys));
        }
        if (!documents.isEmpty()) {
            events.publishEvent(new TelemetryStored(documents));
        }
    }

    private static void requireBatchId(String batchId) {
        if (batchId == null || batchId.isBlank() || batchId.length() > 128 || batchId.contains(":") || batchId.contains("~")) {
            throw new FieldException("batchId", "required: 1-128 characters without ':' or '~' (the batch's idempotency key)");
        }
    }

    private static final String SEND = "send telemetry for";

    /** A bound key's batches are its own ({@link KeyBinding#ownBatchId}). */
    private static String storedBatchId(String batchId, KeyBinding binding) {
        return binding == null ? batchId : binding.ownBatchId(batchId);
    }
}
