package io.modelledger.monitor.telemetry.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.modelledger.monitor.telemetry.api.CallText;
import io.modelledger.monitor.telemetry.api.Rejection;

/**
 * Validates inference records one by one: a malformed record is rejected with the field at fault and the
 * reason, and does not stop the others. Required: {@code model}, {@code version} (≥ 1),
 * {@code environment}, {@code timestamp} (ISO-8601, not more than 5 minutes ahead, not older than the
 * retention); everything else optional but typed. Without a {@code cost}, a record with tokens is priced
 * from the price table by its {@code responseModel} (or its model's name) at ingestion; a generated text
 * ({@code prediction} as a string, with an optional retrieved {@code context}) may be scored online.
 */
public final class TelemetryParser {

    public static final int MAX_FEATURES = 500;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** The valid records with their positions in the batch ({@code positions.get(i)} is {@code accepted.get(i)}'s), and the refused ones. */
    public record Parsed(List<InferenceRecord> accepted, List<Integer> positions, List<Rejection> rejected) {
    }

    private TelemetryParser() {
    }

    public static Parsed parse(List<JsonNode> records, Instant now, Duration retention) {
        List<InferenceRecord> accepted = new ArrayList<>(records.size());
        List<Integer> positions = new ArrayList<>(records.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                accepted.add(record(records.get(i), now, retention));
                positions.add(i);
            } catch (Invalid invalid) {
                rejected.add(new Rejection(i, invalid.field, invalid.getMessage()));
            }
        }
        return new Parsed(accepted, positions, rejected);
    }

    private static final class Invalid extends Exception {
        final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private static InferenceRecord record(JsonNode node, Instant now, Duration retention) throws Invalid {
        if (node == null || !node.isObject()) {
            throw new Invalid("", "a record must be a JSON object");
        }
        String model = text(node, "model", true, 128);
        JsonNode versionNode = node.get("version");
        if (versionNode == null || !versionNode.canConvertToInt() || !versionNode.isIntegralNumber() || versionNode.asInt() < 1) {
            throw new Invalid("version", "required: an integer ≥ 1");
        }
        String environment = text(node, "environment", true, 64);
        String timestampText = text(node, "timestamp", true, 64);
        Instant timestamp;
        try {
            timestamp = Instant.parse(timestampText);
        } catch (DateTimeParseException e) {
            throw new Invalid("timestamp", "not an ISO-8601 instant (e.g. 2026-03-01T14:00:00Z)");
        }
        if (timestamp.isAfter(now.plus(CLOCK_SKEW))) {
            throw new Invalid("timestamp", "more than 5 minutes in the future");
        }
        if (timestamp.isBefore(now.minus(retention))) {
            throw new Invalid("timestamp", "older than the retention of " + retention);
        }
        Map<String, Object> features = new LinkedHashMap<>();
        JsonNode featureNode = node.get("features");
        if (featureNode != null && !featureNode.isNull()) {
            if (!featureNode.isObject()) {
                throw new Invalid("features", "must be an object of feature values");
            }
            if (featureNode.size() > MAX_FEATURES) {
                throw new Invalid("features", "at most " + MAX_FEATURES + " features");
            }
            var fields = featureNode.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                features.put(field.getKey(), scalar(field.getValue(), "features." + field.getKey()));
            }
        }
        Object prediction = scalar(node.get("prediction"), "prediction");
        Object label = scalar(node.get("label"), "label");
        Double latency = number(node, "latencyMs");
        Double cost = number(node, "cost");
        int promptTokens = integer(node, "promptTokens");
        int completionTokens = integer(node, "completionTokens");
        List<String> flags = List.of();
        JsonNode flagNode = node.get("safetyFlags");
        if (flagNode != null && !flagNode.isNull()) {
            if (!flagNode.isArray()) {
                throw new Invalid("safetyFlags", "must be an array of strings");
            }
            flags = new ArrayList<>();
            for (JsonNode flag : flagNode) {
                if (!flag.isTextual()) {
                    throw new Invalid("safetyFlags", "must be an array of strings");
                }
                flags.add(flag.asText());
            }
        }
        JsonNode errorNode = node.get("error");
        if (errorNode != null && !errorNode.isNull() && !errorNode.isBoolean()) {
            throw new Invalid("error", "must be true or false");
        }
        String traceId = text(node, "traceId", false, 128);
        String inferenceId = text(node, "inferenceId", false, 128);
        String responseModel = text(node, "responseModel", false, 128);
        String finishReason = text(node, "finishReason", false, 64);
        String context = node.hasNonNull("context") ? text(node, "context", false, 100_000) : null;
        CallText content = prediction instanceof String output ? new CallText.Of(null, output, context) : null;
        return new InferenceRecord(model, versionNode.asInt(), environment, timestamp.toEpochMilli(), features, prediction, label,
                                   latency, promptTokens, completionTokens, cost, flags, errorNode != null && errorNode.asBoolean(), traceId,
                                   responseModel, finishReason, null, null, content, inferenceId);
    }

    private static String text(JsonNode node, String field, boolean required, int max) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Invalid(field, "required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new Invalid(field, "must be a non-empty string");
        }
        String problem = textProblem(value.asText(), max);
        if (problem != null) {
            throw new Invalid(field, problem);
        }
        return value.asText();
    }

    /**
     * What makes a name-like text field unacceptable (blank, longer than {@code max}, control or bidi characters),
     * or null: one rule for JSON records and OTLP spans.
     */
    public static String textProblem(String value, int max) {
        if (value == null || value.isBlank()) {
            return "must be a non-empty string";
        }
        if (value.length() > max) {
            return "at most " + max + " characters";
        }
        return io.modelledger.platform.web.StrictJson.problem(value);
    }

    private static Double number(JsonNode node, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < 0 || !Double.isFinite(value.asDouble())) {
            throw new Invalid(field, "must be a number ≥ 0");
        }
        return value.asDouble();
    }

    private static int integer(JsonNode node, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            throw new Invalid(field, "must be an integer ≥ 0");
        }
        return value.asInt();
    }

    private static Object scalar(JsonNode value, String field) throws Invalid {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            if (!Double.isFinite(value.asDouble())) {
                throw new Invalid(field, "must be a finite number");
            }
            return value.asDouble();
        }
        if (value.isTextual()) {
            if (value.asText().length() > 100_000) {
                throw new Invalid(field, "at most 100,000 characters");
            }
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        throw new Invalid(field, "must be a number, a string or a boolean");
    }
}
