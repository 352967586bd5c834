package io.modelledger.monitor.telemetry.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The three attribute dialects of LLM spans read into one call each, other spans skipped, retrieved context joined by trace. */
class GenAiSpansTest {

    private static final long START = 1_780_000_000_000_000_000L;
    private static final String TRACE = "5b8efff798038103d269b633813fc60c";

    private static KeyValue kv(String key, Object value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        switch (value) {
            case Long l -> any.setIntValue(l);
            case Integer i -> any.setIntValue(i);
            case Double d -> any.setDoubleValue(d);
            case String[] array -> {
                ArrayValue.Builder values = ArrayValue.newBuilder();
                for (String s : array) {
                    values.addValues(AnyValue.newBuilder().setStringValue(s));
                }
                any.setArrayValue(values);
            }
            default -> any.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(any).build();
    }

    private static Map<String, Object> attrs(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Span span(String name, long millis, Map<String, Object> attributes, boolean error) {
        Span.Builder span = Span.newBuilder().setName(name).setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
                                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("051581bf3cb55c13")))
                                .setStartTimeUnixNano(START).setEndTimeUnixNano(START + millis * 1_000_000);
        attributes.forEach((k, v) -> span.addAttributes(kv(k, v)));
        if (error) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("500 Internal Server Error"));
        }
        return span.build();
    }

    private static ExportTraceServiceRequest export(Span... spans) {
        Resource resource = Resource.newBuilder().addAttributes(kv("service.name", "support-app"))
                                    .addAttributes(kv("modelledger.model", "support-bot")).addAttributes(kv("modelledger.model.version", "3"))
                                    .addAttributes(kv("deployment.environment.name", "production")).build();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }

    @Test
    void theGenAiSemanticConventions() {
        GenAiSpans.Calls read = GenAiSpans.read(export(span("chat gpt-4o-mini", 840, attrs(
                "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o-mini",
                "gen_ai.response.model", "gpt-4o-mini-2024-07-18", "gen_ai.usage.input_tokens", 52L, "gen_ai.usage.output_tokens", 17L,
                "gen_ai.response.finish_reasons", new String[] {"stop"},
                "gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Where is my order?\"}]}]",
                "gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Write to help@example.com\"}],"
                                          + "\"finish_reason\":\"stop\"}]"), false)));
        assertThat(read.spans()).isEqualTo(1);
        GenAiSpans.Call call = read.calls().getFirst();
        assertThat(call.model()).isEqualTo("support-bot");
        assertThat(call.version()).isEqualTo(3);
        assertThat(call.environment()).isEqualTo("production");
        assertThat(call.latencyMs()).isEqualTo(840.0);
        assertThat(call.startMillis()).isEqualTo(START / 1_000_000);
        assertThat(call.inputTokens()).isEqualTo(52);
        assertThat(call.outputTokens()).isEqualTo(17);
        assertThat(call.responseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.input()).isEqualTo("Where is my order?");
        assertThat(call.output()).isEqualTo("Write to help@example.com");
        assertThat(call.traceId()).isEqualTo(TRACE);
        assertThat(call.error()).isFalse();
    }

    @Test
    void openInferenceWithItsRetrieverSpanAsContext() {
        GenAiSpans.Calls read = GenAiSpans.read(export(
                span("retrieve", 12, attrs("openinference.span.kind", "RETRIEVER",
                                            "retrieval.documents.0.document.content", "Orders ship within 2 days.",
                                            "retrieval.documents.1.document.content", "Refunds take 5 days."), false),
                span("ChatCompletion", 510, attrs("openinference.span.kind", "LLM", "llm.model_name", "gpt-4o-mini",
                                                   "llm.invocation_parameters", "{\"model\":\"gpt-4o-mini\",\"temperature\":0}",
                                                   "llm.token_count.prompt", 40L, "llm.token_count.completion", 9L,
                                                   "llm.input_messages.0.message.role", "system",
                                                   "llm.input_messages.0.message.content", "Be brief.",
                                                   "llm.input_messages.1.message.role", "user",
                                                   "llm.input_messages.1.message.content", "When does it ship?",
                                                   "llm.output_messages.0.message.role", "assistant",
                                                   "llm.output_messages.0.message.content", "Within 2 days."), false),
                span("GET /orders", 3, attrs("http.request.method", "GET"), false)));
        assertThat(read.spans()).isEqualTo(3);
        assertThat(read.calls()).singleElement().satisfies(call -> {
            assertThat(call.inputTokens()).isEqualTo(40);
            assertThat(call.outputTokens()).isEqualTo(9);
            assertThat(call.requestModel()).isEqualTo("gpt-4o-mini");
            assertThat(call.responseModel()).isEqualTo("gpt-4o-mini");
            assertThat(call.input()).isEqualTo("When does it ship?");
            assertThat(call.output()).isEqualTo("Within 2 days.");
            assertThat(call.context()).isEqualTo("Orders ship within 2 days.\nRefunds take 5 days.");
        });
    }

    @Test
    void openLlmetrysOlderNamesAndAFailedCall() {
        GenAiSpans.Calls read = GenAiSpans.read(export(span("openai.chat", 95, attrs(
                "gen_ai.system", "openai", "llm.request.type", "chat", "gen_ai.request.model", "gpt-4o-mini",
                "gen_ai.usage.prompt_tokens", "21", "gen_ai.usage.completion_tokens", 0L, "modelledger.model.version", 4L,
                "gen_ai.prompt.0.role", "user", "gen_ai.prompt.0.content", "Hello",
                "gen_ai.completion.0.finish_reason", "length", "error.type", "500"), true)));
        assertThat(read.calls()).singleElement().satisfies(call -> {
            assertThat(call.version()).as("the span's own attribute wins over its resource's").isEqualTo(4);
            assertThat(call.inputTokens()).as("a 64-bit integer sent as a string").isEqualTo(21);
            assertThat(call.responseModel()).isNull();
            assertThat(call.requestModel()).isEqualTo("gpt-4o-mini");
            assertThat(call.finishReason()).isEqualTo("length");
            assertThat(call.input()).isEqualTo("Hello");
            assertThat(call.output()).isNull();
            assertThat(call.error()).isTrue();
        });
    }

    @Test
    void aSpanNamingAnotherModelThanItsResourceNeverTakesTheResourcesVersion() {
        GenAiSpans.Calls read = GenAiSpans.read(export(span("chat", 1, attrs("gen_ai.operation.name", "chat", "modelledger.model", "other-bot"), false)));
        assertThat(read.calls().getFirst().model()).isEqualTo("other-bot");
        assertThat(read.calls().getFirst().version()).as("the deployment's serving version decides, not support-bot's 3").isNull();
    }

    @Test
    void anUnreadableVersionIsMarkedForRefusalNotGuessed() {
        GenAiSpans.Calls read = GenAiSpans.read(export(span("chat", 1, attrs("gen_ai.operation.name", "chat",
                                                                              "modelledger.model.version", "latest"), false)));
        assertThat(read.calls().getFirst().version()).isEqualTo(-1);
    }
}
