package io.modelledger.monitor.telemetry.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelledger.monitor.telemetry.api.CallText;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the LLM calls out of an OTLP trace export, in any of the three attribute dialects LLM applications
 * are instrumented with:
 * <ul>
 *   <li>the OpenTelemetry GenAI semantic conventions ({@code gen_ai.operation.name}, {@code gen_ai.usage.input_tokens},
 *       {@code gen_ai.response.finish_reasons}, {@code gen_ai.input.messages} / {@code gen_ai.output.messages});</li>
 *   <li>OpenInference (Arize Phoenix: {@code openinference.span.kind = LLM}, {@code llm.model_name},
 *       {@code llm.token_count.prompt}, {@code llm.input_messages.N.message.content}, {@code input.value}, {@code output.value});</li>
 *   <li>OpenLLMetry's older names ({@code llm.request.type}, {@code gen_ai.usage.prompt_tokens},
 *       {@code gen_ai.prompt.N.content}, {@code gen_ai.completion.N.content}, {@code gen_ai.completion.N.finish_reason}).</li>
 * </ul>
 * A span that is none of these (HTTP, database, a chain or an agent step) is not an LLM call and is skipped. A
 * retriever span (OpenInference {@code RETRIEVER}, GenAI {@code retrieval}) lends the documents it retrieved
 * to the LLM calls of its trace in the same export, as the context their groundedness is judged against.
 * Subject attributes ({@code modelledger.*}, {@code deployment.environment.name}) are looked up on the span
 * first, then on its resource.
 */
public final class GenAiSpans {

    /** Text longer than this is cut (scoring and capture work on the first 100,000 characters). */
    static final int MAX_TEXT = 100_000;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = io.modelledger.platform.web.StrictJson.treeReader();

    private GenAiSpans() {
    }

    /**
     * One LLM call as its span tells it. {@code version} and {@code promptVersion} are null when not named. Its text
     * ({@link #input()}, {@link #output()}) is read from the span's attributes when asked for.
     */
    public record Call(String model, Integer version, String prompt, Integer promptVersion, String environment,
                       long startMillis, double latencyMs, int inputTokens, int outputTokens, String requestModel,
                       String responseModel, String finishReason, boolean error, String traceId, String context,
                       Map<String, AnyValue> attributes) implements CallText {

        @Override
        public String input() {
            Map<String, AnyValue> a = attributes;
            return cut(first(messages(a, "llm.input_messages", true), messages(a, "gen_ai.prompt", true),
                             partsText(text(a, "gen_ai.input.messages"), true), text(a, "gen_ai.prompt"), text(a, "input.value")));
        }

        /** The application's id of this inference ({@code modelledger.inference.id}), by which delayed labels name it. */
        public String inferenceId() {
            return text(attributes, "modelledger.inference.id");
        }

        @Override
        public String output() {
            Map<String, AnyValue> a = attributes;
            return cut(first(messages(a, "llm.output_messages", false), messages(a, "gen_ai.completion", false),
                             partsText(text(a, "gen_ai.output.messages"), false), text(a, "gen_ai.completion"), text(a, "output.value")));
        }
    }

    /** What an export held: its LLM calls (at most the limit asked for), those beyond it, and how many spans it held in all. */
    public record Calls(List<Call> calls, int beyondLimit, int spans) {
    }

    public static Calls read(ExportTraceServiceRequest request) {
        return read(request, Integer.MAX_VALUE);
    }

    /** The LLM calls of an export, the first {@code limit} of them read (the others only counted). */
    public static Calls read(ExportTraceServiceRequest request, int limit) {
        int beyond = 0;
        List<Call> calls = new ArrayList<>();
        Map<String, StringBuilder> contexts = new LinkedHashMap<>();
        List<Span> llm = new ArrayList<>();
        List<Map<String, AnyValue>> spanAttributes = new ArrayList<>();
        List<Map<String, AnyValue>> resources = new ArrayList<>();
        int spans = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, AnyValue> resource = attributes(resourceSpans.getResource());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans++;
                    Map<String, AnyValue> a = attributes(span.getAttributesList());
                    String kind = text(a, "openinference.span.kind");
                    String operation = text(a, "gen_ai.operation.name");
                    if ("RETRIEVER".equalsIgnoreCase(kind) || "retrieval".equals(operation)) {
                        String documents = retrieved(a);
                        if (!documents.isEmpty()) {
                            StringBuilder context = contexts.computeIfAbsent(hex(span.getTraceId().toByteArray()), k -> new StringBuilder());
                            if (context.length() < MAX_TEXT) {
                                context.append(context.isEmpty() ? "" : "\n").append(documents);
                            }
                        }
                    } else if (isLlmCall(kind, operation, a) && llm.size() >= limit) {
                        beyond++;
                    } else if (isLlmCall(kind, operation, a)) {
                        llm.add(span);
                        spanAttributes.add(a);
                        resources.add(resource);
                    }
                }
            }
        }
        for (int i = 0; i < llm.size(); i++) {
            Span span = llm.get(i);
            StringBuilder context = contexts.get(hex(span.getTraceId().toByteArray()));
            calls.add(call(span, spanAttributes.get(i), resources.get(i), context == null ? null : cut(context.toString())));
        }
        return new Calls(calls, beyond, spans);
    }

    static boolean isLlmCall(String openInferenceKind, String operation, Map<String, AnyValue> a) {
        if (openInferenceKind != null) {
            return "LLM".equalsIgnoreCase(openInferenceKind);
        }
        if (operation != null) {
            return switch (operation) {
                case "chat", "text_completion", "generate_content", "completion" -> true;
                default -> false;
            };
        }
        String requestType = text(a, "llm.request.type"); // OpenLLMetry before gen_ai.operation.name
        if (requestType != null) {
            return requestType.equals("chat") || requestType.equals("completion");
        }
        return a.containsKey("gen_ai.usage.input_tokens") || a.containsKey("gen_ai.usage.prompt_tokens");
    }

    private static Call call(Span span, Map<String, AnyValue> a, Map<String, AnyValue> resource, String context) {
        String environment = first(subject(a, resource, "deployment.environment.name"), subject(a, resource, "deployment.environment"));
        long start = span.getStartTimeUnixNano() / 1_000_000;
        double latency = span.getEndTimeUnixNano() > span.getStartTimeUnixNano()
                ? (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6 : 0;
        int input = (int) Math.min(Integer.MAX_VALUE, first(integer(a, "gen_ai.usage.input_tokens"), integer(a, "gen_ai.usage.prompt_tokens"),
                                                            integer(a, "llm.token_count.prompt"), 0L));
        int output = (int) Math.min(Integer.MAX_VALUE, first(integer(a, "gen_ai.usage.output_tokens"), integer(a, "gen_ai.usage.completion_tokens"),
                                                             integer(a, "llm.token_count.completion"), 0L));
        String requestModel = first(text(a, "gen_ai.request.model"), invocationModel(a));
        String responseModel = first(text(a, "gen_ai.response.model"), text(a, "llm.model_name"));
        String finish = first(firstOf(a.get("gen_ai.response.finish_reasons")), text(a, "gen_ai.completion.0.finish_reason"),
                              text(a, "llm.finish_reason"), finishFromMessages(text(a, "gen_ai.output.messages")));
        boolean error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || a.containsKey("error.type");
        byte[] trace = span.getTraceId().toByteArray();
        return new Call(subject(a, resource, "modelledger.model"), subjectVersion(a, resource, "modelledger.model"),
                        subject(a, resource, "modelledger.prompt"), subjectVersion(a, resource, "modelledger.prompt"), environment, start,
                        latency, input, output, requestModel, responseModel, finish, error, trace.length == 16 ? hex(trace) : null, context, a);
    }

    /**
     * The version of a subject: the span's own; else, unless the span names another subject than its resource, the
     * resource's. A span naming {@code other-bot} never takes the resource's version of {@code support-bot}.
     */
    private static Integer subjectVersion(Map<String, AnyValue> span, Map<String, AnyValue> resource, String subject) {
        if (span.containsKey(subject + ".version")) {
            return version(span, subject + ".version");
        }
        return span.containsKey(subject) ? null : version(resource, subject + ".version");
    }

    /** A subject attribute: the span's own, else its resource's. */
    private static String subject(Map<String, AnyValue> span, Map<String, AnyValue> resource, String key) {
        String own = text(span, key);
        return own != null ? own : text(resource, key);
    }

    /** Integers where a version is expected; anything else (a word, a fraction, ≤ 0) is -1, refused by the caller. */
    private static Integer version(Map<String, AnyValue> a, String key) {
        AnyValue value = a.get(key);
        if (value == null) {
            return null;
        }
        try {
            long v = switch (value.getValueCase()) {
                case INT_VALUE -> value.getIntValue();
                case STRING_VALUE -> Long.parseLong(value.getStringValue().strip());
                case DOUBLE_VALUE -> value.getDoubleValue() == Math.rint(value.getDoubleValue()) ? (long) value.getDoubleValue() : -1;
                default -> -1;
            };
            return v >= 1 && v <= Integer.MAX_VALUE ? (int) v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The documents of a retriever span, in order: OpenInference's {@code retrieval.documents.N.document.content}. */
    private static String retrieved(Map<String, AnyValue> a) {
        TreeMap<Integer, String> documents = new TreeMap<>();
        a.forEach((key, value) -> {
            if (key.startsWith("retrieval.documents.") && key.endsWith(".document.content")) {
                String n = key.substring("retrieval.documents.".length(), key.length() - ".document.content".length());
                if (n.chars().allMatch(Character::isDigit) && !n.isEmpty() && n.length() < 6) {
                    documents.put(Integer.parseInt(n), value.getStringValue());
                }
            }
        });
        return String.join("\n", documents.values());
    }

    /**
     * Flattened messages ({@code <prefix>.N.message.content} for OpenInference, {@code <prefix>.N.content} for
     * OpenLLMetry): the last user message for an input, the first for an output.
     */
    private static String messages(Map<String, AnyValue> a, String prefix, boolean lastUser) {
        TreeMap<Integer, String[]> byIndex = new TreeMap<>();
        String start = prefix + ".";
        a.forEach((key, value) -> {
            if (!key.startsWith(start)) {
                return;
            }
            String rest = key.substring(start.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot > 5 || !rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
                return;
            }
            String field = rest.substring(dot + 1);
            String[] message = byIndex.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), k -> new String[2]);
            if (field.equals("content") || field.equals("message.content")) {
                message[1] = value.getStringValue();
            } else if (field.equals("role") || field.equals("message.role")) {
                message[0] = value.getStringValue();
            }
        });
        if (byIndex.isEmpty()) {
            return null;
        }
        if (!lastUser) {
            return byIndex.firstEntry().getValue()[1];
        }
        return byIndex.descendingMap().values().stream().filter(m -> "user".equals(m[0]) && m[1] != null).map(m -> m[1]).findFirst()
                      .orElse(byIndex.lastEntry().getValue()[1]);
    }

    /** The text parts of GenAI's {@code gen_ai.input.messages} / {@code gen_ai.output.messages} (JSON). */
    private static String partsText(String json, boolean lastUser) {
        JsonNode messages = json(json);
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return null;
        }
        JsonNode chosen = messages.get(0);
        if (lastUser) {
            chosen = messages.get(messages.size() - 1);
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).path("role").asText())) {
                    chosen = messages.get(i);
                    break;
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : chosen.path("parts")) {
            if ("text".equals(part.path("type").asText()) && part.path("content").isTextual()) {
                text.append(text.isEmpty() ? "" : "\n").append(part.path("content").asText());
            }
        }
        return text.isEmpty() ? null : text.toString();
    }

    private static String finishFromMessages(String json) {
        JsonNode messages = json(json);
        return messages != null && messages.isArray() && !messages.isEmpty() && messages.get(0).path("finish_reason").isTextual()
                ? messages.get(0).path("finish_reason").asText() : null;
    }

    /** OpenInference puts the requested model only in {@code llm.invocation_parameters} (JSON). */
    private static String invocationModel(Map<String, AnyValue> a) {
        JsonNode parameters = json(text(a, "llm.invocation_parameters"));
        return parameters != null && parameters.path("model").isTextual() ? parameters.path("model").asText() : null;
    }

    private static JsonNode json(String text) {
        if (text == null || text.isBlank() || text.length() > 4 * MAX_TEXT) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static Map<String, AnyValue> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    static Map<String, AnyValue> attributes(List<KeyValue> list) {
        Map<String, AnyValue> map = new LinkedHashMap<>();
        list.forEach(kv -> map.put(kv.getKey(), kv.getValue()));
        return map;
    }

    static String text(Map<String, AnyValue> a, String key) {
        AnyValue value = a.get(key);
        if (value == null) {
            return null;
        }
        String text = switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            default -> null;
        };
        return text == null || text.isBlank() ? null : text;
    }

    private static Long integer(Map<String, AnyValue> a, String key) {
        AnyValue value = a.get(key);
        if (value == null) {
            return null;
        }
        return switch (value.getValueCase()) {
            case INT_VALUE -> Math.max(0, value.getIntValue());
            case DOUBLE_VALUE -> Math.max(0, (long) value.getDoubleValue());
            case STRING_VALUE -> {
                try {
                    yield Math.max(0, Long.parseLong(value.getStringValue().strip()));
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> null;
        };
    }

    private static String firstOf(AnyValue value) {
        if (value == null) {
            return null;
        }
        if (value.hasArrayValue() && value.getArrayValue().getValuesCount() > 0) {
            return value.getArrayValue().getValues(0).getStringValue();
        }
        return value.hasStringValue() ? value.getStringValue() : null;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    static String hex(byte[] bytes) {
        return bytes.length == 0 ? null : HexFormat.of().formatHex(bytes);
    }
}
