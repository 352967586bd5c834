package io.modelledger.monitor.telemetry.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.telemetry.api.IngestSpans;
import io.modelledger.monitor.telemetry.api.IngestTelemetry;
import io.modelledger.monitor.telemetry.api.RecordView;
import io.modelledger.monitor.telemetry.api.SpanReceipt;
import io.modelledger.monitor.telemetry.api.TelemetryStored;
import io.modelledger.monitor.telemetry.query.Prices;
import io.modelledger.monitor.telemetry.query.TelemetryStore;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.TestMongo;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The ingestion of OTLP exports and JSON records on the Mongo wire server: spans attributed to the registered
 * version (named, or the deployment's only serving one), refused where they cannot be (a canary's split, an
 * unregistered model), priced or marked unpriced, their text handed to online scoring but never stored as a
 * prediction, and an exporter's retry storing nothing twice.
 */
class SpanIngestionIT {

    private static final MongoClient CLIENT = MongoClients.create(TestMongo.uri("span-ingestion"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Instant now = Instant.parse("2026-11-30T12:00:00Z");
    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "spans-" + UUID.randomUUID().toString().substring(0, 8));
    private final TelemetryStore store = new TelemetryStore(mongo, Duration.ofDays(7), 200_000, new MutableClock(now), new io.modelledger.monitor.telemetry.query.CanaryEvidenceStore(mongo));
    private final DeploymentStore deployments = mock(DeploymentStore.class);
    private final QueryGateway queries = mock(QueryGateway.class);
    private final List<Object> published = new ArrayList<>();
    private final TelemetryIngestion ingestion = new TelemetryIngestion(store, deployments, new Prices(Map.of(
            "gpt-4o-mini", new Prices.Price(0.15, 0.60))), queries, (ApplicationEventPublisher) published::add, new MutableClock(now));

    SpanIngestionIT() {
        when(queries.query(any(FindKnownVersion.class), any(ResponseType.class))).thenAnswer(call -> {
            FindKnownVersion query = call.getArgument(0);
            boolean known = query.modelName().equals("support-bot") && query.version() <= 2;
            return CompletableFuture.completedFuture(known ? Optional.of(new KnownVersionView(query.modelName(), query.version(), "ab", "prompt", now))
                                                           : Optional.empty());
        });
    }

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private static KeyValue attribute(String key, Object value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        if (value instanceof Long l) {
            any.setIntValue(l);
        } else {
            any.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(any).build();
    }

    private Span chat(String output, Object... extra) {
        long start = now.minusSeconds(30).toEpochMilli() * 1_000_000;
        Span.Builder span = Span.newBuilder().setName("chat").setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 250_000_000L)
                                .addAttributes(attribute("gen_ai.operation.name", "chat"))
                                .addAttributes(attribute("gen_ai.response.model", "gpt-4o-mini-2024-07-18"))
                                .addAttributes(attribute("gen_ai.usage.input_tokens", 1000L)).addAttributes(attribute("gen_ai.usage.output_tokens", 500L))
                                .addAttributes(attribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
                                                                                   + output + "\"}]}]"));
        for (int i = 0; i < extra.length; i += 2) {
            span.addAttributes(attribute((String) extra[i], extra[i + 1]));
        }
        return span.build();
    }

    private static ExportTraceServiceRequest export(Map<String, String> resource, Span... spans) {
        Resource.Builder attributes = Resource.newBuilder();
        resource.forEach((k, v) -> attributes.addAttributes(attribute(k, v)));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(attributes)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    }

    private List<RecordView> records() {
        return store.recent("support-bot", "production", now.minusSeconds(600), now, 100, true);
    }

    @Test
    void aSpanWithoutAVersionIsTheServingVersionsAndACanarysSpanMustNameItsOwn() {
        when(deployments.find("support-bot", "production"))
                .thenReturn(Optional.of(new Deployment("support-bot|production", "support-bot", "production", List.of(new TrafficSplit(1, 100)), now)));
        when(deployments.find("support-bot", "canary"))
                .thenReturn(Optional.of(new Deployment("support-bot|canary", "support-bot", "canary",
                                                       List.of(new TrafficSplit(1, 90), new TrafficSplit(2, 10)), now)));
        SpanReceipt served = ingestion.handle(new IngestSpans("otlp-1", export(Map.of("modelledger.model", "support-bot",
                                                                                      "deployment.environment.name", "production"), chat("fine"))));
        assertThat(served.accepted()).isEqualTo(1);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.latencyMs()).isEqualTo(250.0);
            assertThat(r.cost()).isCloseTo((1000 * 0.15 + 500 * 0.60) / 1e6, within(1e-15));
        });

        SpanReceipt canary = ingestion.handle(new IngestSpans("otlp-2", export(Map.of("modelledger.model", "support-bot",
                "deployment.environment.name", "canary"), chat("a"), chat("b", "modelledger.model.version", 2L))));
        assertThat(canary.accepted()).isEqualTo(1);
        assertThat(canary.rejected()).isEqualTo(1);
        assertThat(canary.reasons()).singleElement().asString().contains("splits traffic").contains("[1, 2]").contains("modelledger.model.version");
    }

    @Test
    void aBoundKeysSpansForAnotherDeploymentAreRefusedAndItsOwnAreCanaryEvidence() {
        var binding = new io.modelledger.platform.metadata.KeyBinding("00112233aabbccdd", "support-bot", "production");
        SpanReceipt receipt = ingestion.handle(new IngestSpans("otlp-bound", export(Map.of("modelledger.model", "support-bot",
                "modelledger.model.version", "1", "deployment.environment.name", "staging"), chat("elsewhere")), binding));
        assertThat(receipt.accepted()).isZero();
        assertThat(receipt.reasons()).singleElement().asString().contains("bound to model 'support-bot' in 'production'");
        SpanReceipt own = ingestion.handle(new IngestSpans("otlp-bound-2", export(Map.of("modelledger.model", "support-bot",
                "modelledger.model.version", "1", "deployment.environment.name", "production"), chat("own")), binding));
        assertThat(own.accepted()).isEqualTo(1);
        assertThat(new io.modelledger.monitor.telemetry.query.CanaryEvidenceStore(mongo)
                           .arms("support-bot", "production", List.of(1), now.minusSeconds(600), now).get(1).records()).isEqualTo(1);
    }

    @Test
    void unregisteredUnnamedOrUnreadableSubjectsAreRefusedAndOtherSpansSkipped() {
        Span http = Span.newBuilder().setName("GET /").addAttributes(attribute("http.request.method", "GET")).build();
        SpanReceipt receipt = ingestion.handle(new IngestSpans("otlp-3", export(Map.of("deployment.environment.name", "production"),
                chat("x", "modelledger.model", "never-registered", "modelledger.model.version", 1L), chat("y"),
                chat("z", "modelledger.model", "support-bot", "modelledger.model.version", "latest"), http)));
        assertThat(receipt.accepted()).isZero();
        assertThat(receipt.rejected()).isEqualTo(3);
        assertThat(receipt.skipped()).isEqualTo(1);
        assertThat(String.join(" | ", receipt.reasons())).contains("'never-registered' has no registered version 1")
                                                         .contains("no modelledger.model attribute").contains("integer ≥ 1");
    }

    @Test
    void anExportReadsAtMostTenThousandCallsAndRefusesTheRestAsPartialSuccess() {
        Span[] spans = new Span[IngestTelemetry.MAX_RECORDS + 5];
        java.util.Arrays.fill(spans, chat("ok"));
        SpanReceipt receipt = ingestion.handle(new IngestSpans("otlp-big", export(Map.of("modelledger.model", "support-bot",
                "modelledger.model.version", "1", "deployment.environment.name", "production"), spans)));
        assertThat(receipt.accepted()).isEqualTo(IngestTelemetry.MAX_RECORDS);
        assertThat(receipt.rejected()).isEqualTo(5);
        assertThat(receipt.reasons()).singleElement().asString().startsWith("5 span(s): more than 10000 LLM calls");
    }

    @Test
    void overlongOrUnprintableNamesInASpanAreRefusedLikeAJsonRecords() {
        SpanReceipt receipt = ingestion.handle(new IngestSpans("otlp-names", export(Map.of("modelledger.model", "support-bot",
                "modelledger.model.version", "1", "deployment.environment.name", "production"),
                chat("a", "gen_ai.response.model", "m".repeat(129)), chat("b", "gen_ai.response.model", "gpt\u202e-4o"))));
        assertThat(receipt.accepted()).isZero();
        assertThat(String.join(" | ", receipt.reasons())).contains("gen_ai.response.model: at most 128 characters");
        assertThat(receipt.rejected()).isEqualTo(2);
    }

    @Test
    void theTextGoesToScoringNotIntoTheStoredRecordAndARetryStoresNothingTwice() {
        ExportTraceServiceRequest export = export(Map.of("modelledger.model", "support-bot", "modelledger.model.version", "2",
                                                         "deployment.environment.name", "production"), chat("mail jane.doe@example.com"));
        assertThat(ingestion.handle(new IngestSpans("otlp-4", export)).duplicate()).isFalse();
        SpanReceipt retry = ingestion.handle(new IngestSpans("otlp-4", export));
        assertThat(retry.duplicate()).isTrue();
        assertThat(records()).hasSize(1);
        assertThat(published).singleElement().isInstanceOfSatisfying(TelemetryStored.class, stored ->
                assertThat(stored.documents().getFirst().texts().getFirst().output()).isEqualTo("mail jane.doe@example.com"));
        Document stored = mongo.getCollection("monitor_telemetry").find().first();
        assertThat(stored).as("no prediction column: spans have none").doesNotContainKey("prediction");
        assertThat(stored.toJson()).doesNotContain("jane.doe");
    }

    @Test
    void jsonRecordsWithTokensAndNoCostArePricedByTheAnsweringModelOrMarkedUnpriced() throws Exception {
        String at = now.minusSeconds(10).toString();
        var records = List.of(
                JSON.readTree("{\"model\":\"support-bot\",\"version\":1,\"environment\":\"production\",\"timestamp\":\"" + at
                              + "\",\"promptTokens\":1000000,\"completionTokens\":0,\"responseModel\":\"gpt-4o-mini\"}"),
                JSON.readTree("{\"model\":\"support-bot\",\"version\":1,\"environment\":\"production\",\"timestamp\":\"" + at
                              + "\",\"promptTokens\":10,\"completionTokens\":5,\"responseModel\":\"in-house-llm\"}"),
                JSON.readTree("{\"model\":\"support-bot\",\"version\":1,\"environment\":\"production\",\"timestamp\":\"" + at
                              + "\",\"cost\":0.25,\"promptTokens\":10}"));
        assertThat(ingestion.handle(new IngestTelemetry("json-1", records)).accepted()).isEqualTo(3);
        assertThat(records()).extracting(RecordView::cost).containsExactlyInAnyOrder(0.15, null, 0.25);
        assertThat(records()).filteredOn(RecordView::unpriced).singleElement()
                             .satisfies(r -> assertThat(r.responseModel()).isEqualTo("in-house-llm"));
    }
}
