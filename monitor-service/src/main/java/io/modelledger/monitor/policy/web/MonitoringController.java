package io.modelledger.monitor.policy.web;

import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.monitor.Durations;
import io.modelledger.monitor.deployment.api.FindKnownModel;
import io.modelledger.monitor.deployment.api.ReadModels;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.monitor.drift.DriftReport;
import io.modelledger.monitor.policy.api.DefineAlertRule;
import io.modelledger.monitor.policy.api.DefineMonitoringPolicy;
import io.modelledger.monitor.policy.api.MonitoringId;
import io.modelledger.monitor.policy.api.FindMonitoringPolicy;
import io.modelledger.monitor.policy.api.ListAlertRules;
import io.modelledger.monitor.policy.api.RecordReference;
import io.modelledger.monitor.policy.api.ReferenceSummary;
import io.modelledger.monitor.policy.api.RemoveAlertRule;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.web.StrictJson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model is watched: its monitoring policy (drift thresholds, feedback loop), its alert rules, and
 * the reference profiles of its versions (from dataset rows, as JSON or CSV, or from a telemetry window).
 */
@RestController
@Validated
@RequestMapping("/api/monitor/models/{model}")
class MonitoringController {

    static final String ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    private static final Duration KNOWN_PATIENCE = Duration.ofSeconds(2);
    static final List<String> OPERATIONAL = List.of("records", "throughput", "error_rate", "latency_p50", "latency_p95",
            "latency_p99", "tokens_prompt", "tokens_completion", "tokens_total", "cost_total", "unpriced_records", "safety_share",
            "feedback_count", "negative_feedback_share", "drift_share", "dataset_drift", "scored_records", "pii_rate", "toxicity_rate",
            "schema_valid_rate", "groundedness_mean", "labelled_records", "label_coverage", "accuracy", "precision_macro", "recall_macro",
            "f1_macro", "brier", "mae", "rmse", "accuracy_reference", "concept_drift", "concept_drift_p", "guard_checked", "guard_block_rate",
            "guard_redact_rate");
    /** The checks that can score a live output (those that need no expected answer). */
    static final List<String> ONLINE_CHECKS = List.of("pii", "toxicity", "json_valid", "json_schema", "regex", "contains", "groundedness");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ProjectionGate gate;
    private final Duration retention;

    MonitoringController(CommandGateway commands, QueryGateway queries, ProjectionGate gate,
                         @org.springframework.beans.factory.annotation.Value("${modelledger.monitor.retention:P7D}") Duration retention) {
        this.retention = retention;
        this.commands = commands;
        this.queries = queries;
        this.gate = gate;
    }

    /**
     * Refuses to configure what the registry never registered: a model with no version (or not this
     * version) is a 404. A version registered a moment ago may not have reached the monitor's shared
     * read model yet, so an unknown one is looked up again for up to {@link #KNOWN_PATIENCE} before the
     * 404 (whichever replica answers, and whichever owns the processor's segment). While the read model is
     * held at an event, the answer is 503 rather than a 404 that may be wrong.
     */
    private void requireKnown(String model, Integer version) {
        long deadline = System.nanoTime() + KNOWN_PATIENCE.toNanos();
        while (!known(model, version)) {
            if (System.nanoTime() > deadline) {
                gate.requireNotHeld(ReadModels.KNOWN_VERSIONS);
                throw new NotFoundException(version == null ? "Model '" + model + "' has no registered version"
                        : "Model '" + model + "' has no registered version " + version);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean known(String model, Integer version) {
        return version == null
                ? queries.query(new FindKnownModel(model), ResponseTypes.instanceOf(Boolean.class)).join()
                : queries.query(new FindKnownVersion(model, version), ResponseTypes.optionalInstanceOf(KnownVersionView.class))
                         .join().isPresent();
    }

    record PolicyRequest(@DecimalMin("0.0") @DecimalMax("1.0") Double pValueThreshold, @DecimalMin("0.0") Double distanceThreshold,
                         @DecimalMin("0.0") @DecimalMax("1.0") Double driftShareThreshold, Map<String, String> featureMethods,
                         Boolean reEvaluateOnCriticalDrift, Boolean retrainOnCriticalDrift,
                         @DecimalMin("0.0") @DecimalMax("1.0") Double negativeFeedbackShare, Boolean reEvaluateOnNegativeFeedback,
                         Boolean retrainOnNegativeFeedback, @DecimalMin("0.0") @DecimalMax("1.0") Double onlineSampleRate,
                         @Size(max = 20) List<@Valid OnlineCheckRequest> onlineChecks, Boolean captureContent, String contentRetention,
                         @Size(max = 10) List<@NotBlank @Size(max = 128) String> fairnessAttributes, Boolean alertOnWorseCanary) {
    }

    record OnlineCheckRequest(@NotBlank @Pattern(regexp = ID, message = "1-64 letters, digits, '.', '_' or '-'") String name,
                              @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"pii", "toxicity", "json_valid", "json_schema",
                                      "regex", "contains", "groundedness"}) @NotBlank String check,
                              Map<String, Object> params) {
    }

    record RuleRequest(@Size(max = 64) String environment, @NotBlank @Size(max = 200) String metric,
                       @NotBlank @Pattern(regexp = ">|>=|<|<=", message = "must be >, >=, < or <=") String comparator,
                       @NotNull Double threshold, @NotBlank String window,
                       @NotBlank @Pattern(regexp = "info|warning|critical", message = "must be info, warning or critical") String severity,
                       String cooldown) {
    }

    record ReferenceRequest(@NotBlank @Pattern(regexp = "dataset|telemetry", message = "must be dataset or telemetry") String source,
                            @Size(max = 128) String datasetName, @Min(1) Integer datasetVersion,
                            @Size(max = 200_000) List<Map<String, Object>> rows, @Size(max = 64) String environment,
                            Instant from, Instant to) {
    }

    @PutMapping("/policy")
    MonitoringPolicyDefined definePolicy(@PathVariable String model, @Valid @RequestBody PolicyRequest r) {
        Map<String, String> methods = r.featureMethods() == null ? Map.of() : r.featureMethods();
        methods.forEach((feature, method) -> {
            storableKeys("featureMethods", Map.of(feature, method));
            if (!DriftReport.METHODS.contains(method)) {
                throw new FieldException("featureMethods." + feature, "must be one of " + DriftReport.METHODS);
            }
        });
        List<MonitoringPolicyDefined.OnlineCheck> checks = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        List<OnlineCheckRequest> requested = r.onlineChecks() == null ? List.of() : r.onlineChecks();
        for (int i = 0; i < requested.size(); i++) {
            OnlineCheckRequest check = requested.get(i);
            if (!ONLINE_CHECKS.contains(check.check())) {
                throw new FieldException("onlineChecks[" + i + "].check", "must be one of " + ONLINE_CHECKS);
            }
            if (!names.add(check.name())) {
                throw new FieldException("onlineChecks[" + i + "].name", "another check is already called '" + check.name() + "'");
            }
            Map<String, Object> params = check.params() == null ? Map.of() : check.params();
            storableKeys("onlineChecks[" + i + "].params", params);
            Map<String, String> problems = io.modelledger.checks.Checks.problems(check.check(), params);
            if (!problems.isEmpty()) {
                var first = problems.entrySet().iterator().next();
                throw new FieldException("onlineChecks[" + i + "].params." + first.getKey(), first.getValue());
            }
            checks.add(new MonitoringPolicyDefined.OnlineCheck(check.name(), check.check(), params));
        }
        List<String> fairness = r.fairnessAttributes() == null ? List.of() : r.fairnessAttributes().stream().distinct().toList();
        for (int i = 0; i < fairness.size(); i++) {
            String attribute = fairness.get(i);
            if (attribute.contains(".") || attribute.contains("$") || io.modelledger.platform.web.StrictJson.problem(attribute) != null) {
                throw new FieldException("fairnessAttributes[" + i + "]", "a feature name without '.', '$' or control characters");
            }
        }
        Long contentRetention = r.contentRetention() == null ? null
                : Durations.parse("contentRetention", r.contentRetention(), Duration.ofMinutes(1)).toSeconds();
        if (contentRetention != null && contentRetention > retention.toSeconds()) {
            throw new FieldException("contentRetention", "at most the telemetry retention, " + retention);
        }
        MonitoringPolicyDefined policy = new MonitoringPolicyDefined(model, r.pValueThreshold() == null ? 0.05 : r.pValueThreshold(),
                r.distanceThreshold() == null ? 0.1 : r.distanceThreshold(), r.driftShareThreshold() == null ? 0.5 : r.driftShareThreshold(),
                methods, Boolean.TRUE.equals(r.reEvaluateOnCriticalDrift()), Boolean.TRUE.equals(r.retrainOnCriticalDrift()),
                r.negativeFeedbackShare(), Boolean.TRUE.equals(r.reEvaluateOnNegativeFeedback()),
                Boolean.TRUE.equals(r.retrainOnNegativeFeedback()), r.onlineSampleRate(), checks, Boolean.TRUE.equals(r.captureContent()),
                contentRetention, fairness, Boolean.TRUE.equals(r.alertOnWorseCanary()));
        requireKnown(model, null);
        commands.sendAndWait(new DefineMonitoringPolicy(new MonitoringId(model), policy));
        return policy;
    }

    @GetMapping("/policy")
    MonitoringPolicyDefined policy(@PathVariable String model) {
        return queries.query(new FindMonitoringPolicy(model), ResponseTypes.optionalInstanceOf(MonitoringPolicyDefined.class)).join()
                      .orElseThrow(() -> new NotFoundException("Model '" + model + "' has no monitoring policy"));
    }

    @PutMapping("/alert-rules/{ruleId}")
    AlertRuleDefined defineRule(@PathVariable String model,
                                @PathVariable @Pattern(regexp = ID, message = "1-64 letters, digits, '.', '_' or '-'") String ruleId,
                                @Valid @RequestBody RuleRequest r) {
        if (!OPERATIONAL.contains(r.metric()) && !r.metric().matches("^(drift|drifted|feature_type_errors|check|"
                + "demographic_parity_difference|equalized_odds_difference|disparate_impact_ratio|guard_block_rate|guard_redact_rate|"
                + "guard_log_rate):.+$")) {
            throw new FieldException("metric", "must be one of " + OPERATIONAL
                    + ", drift:<feature>, drifted:<feature>, feature_type_errors:<feature>, check:<online check>, "
                    + "demographic_parity_difference, equalized_odds_difference or disparate_impact_ratio:<fairness attribute>, or "
                    + "guard_block_rate, guard_redact_rate or guard_log_rate:<guard check>");
        }
        Duration window = Durations.parse("window", r.window(), Duration.ofSeconds(1));
        Duration cooldown = r.cooldown() == null ? Duration.ofHours(1) : Durations.parse("cooldown", r.cooldown(), Duration.ofSeconds(1));
        requireKnown(model, null);
        AlertRuleDefined rule = new AlertRuleDefined(ruleId, model, r.environment(), r.metric(), r.comparator(), r.threshold(),
                                                     window.toSeconds(), r.severity(), cooldown.toSeconds());
        commands.sendAndWait(new DefineAlertRule(new MonitoringId(model), rule));
        return rule;
    }

    @GetMapping("/alert-rules")
    List<AlertRuleDefined> rules(@PathVariable String model) {
        return queries.query(new ListAlertRules(model), ResponseTypes.multipleInstancesOf(AlertRuleDefined.class)).join();
    }

    @DeleteMapping("/alert-rules/{ruleId}")
    ResponseEntity<Void> removeRule(@PathVariable String model, @PathVariable String ruleId) {
        commands.sendAndWait(new RemoveAlertRule(new MonitoringId(model), ruleId));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/versions/{version}/reference", consumes = "application/json")
    ResponseEntity<ReferenceSummary> reference(@PathVariable String model, @PathVariable @Min(1) int version,
                                               @Valid @RequestBody ReferenceRequest r) {
        requireKnown(model, version);
        return record(new RecordReference(model, version, r.source(), r.datasetName(), r.datasetVersion(), r.rows(), r.environment(),
                                          r.from(), r.to()));
    }

    @PostMapping(path = "/versions/{version}/reference", consumes = "text/csv")
    ResponseEntity<ReferenceSummary> referenceCsv(@PathVariable String model, @PathVariable @Min(1) int version,
                                                  @RequestParam(required = false) String datasetName,
                                                  @RequestParam(required = false) Integer datasetVersion,
                                                  @RequestBody String csv) {
        requireKnown(model, version);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).setAllowMissingColumnNames(false).get())) {
            for (String column : parser.getHeaderNames()) { // the header once, each name on its own
                String problem = StrictJson.problem(column);
                if (problem != null) {
                    throw new FieldException("body", "CSV header, column " + (parser.getHeaderNames().indexOf(column) + 1) + ": " + problem);
                }
            }
            for (CSVRecord record : parser) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : parser.getHeaderNames()) {
                    String value = record.isMapped(column) && record.isSet(column) ? record.get(column) : "";
                    String problem = StrictJson.problem(value);
                    if (problem != null) {
                        throw new FieldException("body", "CSV line " + record.getRecordNumber() + ", column " + (parser.getHeaderNames().indexOf(column) + 1)
                                + ": " + problem);
                    }
                    row.put(column, value.isEmpty() ? null : number(value));
                }
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // an unterminated quote, a duplicate or empty header name: the CSV's own fault, said in its words
            throw new FieldException("body", "not valid RFC 4180 CSV with a header row: " + csvProblem(e));
        }
        if (rows.isEmpty()) {
            throw new FieldException("rows", "the CSV has a header but no rows");
        }
        return record(new RecordReference(model, version, RecordReference.DATASET, datasetName, datasetVersion, rows, null, null, null));
    }

    /**
     * Map keys a read model can store as field names: not empty, no '.' (MongoDB and Spring Data read it as a path) and
     * no NUL, at any depth. Refused here, naming the key, rather than stopping the projection that stores them.
     */
    private static void storableKeys(String field, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, nested) -> {
                String name = String.valueOf(key);
                if (name.isEmpty() || name.contains(".") || name.indexOf('\0') >= 0) {
                    throw new FieldException(field + "." + name.replace("\0", ""), "keys must be non-empty, without '.' or NUL");
                }
                storableKeys(field + "." + name, nested);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                storableKeys(field + "[" + i + "]", list.get(i));
            }
        }
    }

    private ResponseEntity<ReferenceSummary> record(RecordReference command) {
        return ResponseEntity.status(HttpStatus.CREATED).body(commands.<ReferenceSummary>sendAndWait(command));
    }

    private static String csvProblem(Exception e) {
        Throwable cause = e instanceof UncheckedIOException unchecked && unchecked.getCause() != null ? unchecked.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private static Object number(String value) {
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return value;
        }
        if (!Double.isFinite(number)) { // NaN, Infinity, 1e999: no drift statistic can use them
            throw new FieldException("body", "CSV cells must hold finite numbers, not '" + (value.length() > 20 ? value.substring(0, 20) : value) + "'");
        }
        return number;
    }
}
