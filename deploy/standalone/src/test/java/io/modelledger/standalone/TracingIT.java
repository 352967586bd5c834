package io.modelledger.standalone;

import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per user request, across services: registering a model version through the gateway gives one
 * trace id shared by the gateway's spans, registry-service's (HTTP, command, event append, MongoDB) and
 * eval-service's handler of the registered event, which continues the trace from the event's metadata.
 * An evaluation run, executed in the background, continues the trace of the request that started it, and
 * each call to the model endpoint is a client span of it. Every application exports to the in-memory
 * exporter {@link Spans} adds to it.
 */
class TracingIT {

    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static Platform platform;

    /** Adds the shared in-memory span exporter to each application context. */
    public static class Spans implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static final Collection<SpanData> FINISHED = new ConcurrentLinkedQueue<>();

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("inMemorySpanExporter", new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    FINISHED.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            });
        }
    }

    @BeforeAll
    static void start() {
        String database = "tracing-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of(
                        "management.opentelemetry.tracing.export.schedule-delay", "100ms",
                        "modelledger.eval.secrets.trace", "sk-trace", "modelledger.eval.poll", "200ms",
                        "modelledger.eval.secret-hosts.trace", "127.0.0.1", "modelledger.outbound.allow-internal", "127.0.0.1")),
                List.of(new Spans()));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aRegistrationIsOneTraceAcrossGatewayRegistryAndTheEvaluationServicesReaction() {
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        assertThat(admin.post("/api/registry/models", "{\"name\":\"traced\"}").status()).isEqualTo(201);
        Spans.FINISHED.clear();
        Http.Response registered = admin.post("/api/registry/models/traced/versions",
                "{\"artifactUri\":\"s3://m/traced/1\",\"sha256\":\"" + "cd".repeat(32) + "\",\"framework\":\"onnx\"}");
        assertThat(registered.status()).isEqualTo(201);

        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> evalHandlerSpan() != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no eval-service span for ModelVersionRegistered among " + Spans.FINISHED.stream()
                    .map(sp -> sp.getResource().getAttribute(SERVICE) + ":" + sp.getName() + "@" + sp.getTraceId().substring(0, 6))
                    .distinct().toList(), e);
        }
        SpanData handler = evalHandlerSpan();
        String traceId = handler.getTraceId();
        await().atMost(Duration.ofSeconds(5)).until(() -> services(traceId).containsAll(Set.of("gateway", "registry-service", "eval-service")));
        List<SpanData> trace = Spans.FINISHED.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
        Map<String, List<String>> byService = trace.stream().collect(Collectors.groupingBy(
                s -> s.getResource().getAttribute(SERVICE), Collectors.mapping(SpanData::getName, Collectors.toList())));
        assertThat(byService.get("gateway")).as(byService.toString()).isNotEmpty();
        assertThat(byService.get("registry-service").toString()).as(byService.toString())
                .contains("RegisterModelVersion").containsIgnoringCase("insert");
        assertThat(byService.get("eval-service").toString()).as(byService.toString()).contains("ModelVersionRegistered");
    }

    @Test
    void anEvaluationRunAndItsEndpointCallsContinueTheTraceOfTheRequestThatStartedIt() {
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        try (OpenAiCompatibleStub endpoint = new OpenAiCompatibleStub("sk-trace", m -> "ok", 0, 0, Set.of(), 0)) {
            assertThat(admin.post("/api/registry/models", "{\"name\":\"traced-run\"}").status()).isEqualTo(201);
            assertThat(admin.post("/api/registry/models/traced-run/versions",
                    "{\"artifactUri\":\"s3://m/r/1\",\"sha256\":\"" + "ef".repeat(32) + "\",\"framework\":\"onnx\"}").status()).isEqualTo(201);
            assertThat(admin.post("/api/eval/suites/traced/versions", "{\"metrics\":[{\"metric\":\"equals\",\"threshold\":1}],"
                    + "\"cases\":[{\"input\":\"a\",\"expected\":\"ok\"},{\"input\":\"b\",\"expected\":\"ok\"}]}").status()).isEqualTo(201);
            String run = "{\"suite\":{\"name\":\"traced\"},\"subject\":{\"kind\":\"model\",\"name\":\"traced-run\",\"version\":1},"
                    + "\"target\":{\"kind\":\"openai\",\"baseUrl\":\"" + endpoint.baseUrl() + "\",\"secret\":\"trace\"}}";
            Http.Response[] started = new Http.Response[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> (started[0] = admin.post("/api/eval/runs", run)).status() == 202);
            String runId = started[0].body().get("runId").asText();
            await().atMost(Duration.ofSeconds(15)).until(() -> "completed".equals(admin.get("/api/eval/runs/" + runId).body().get("status").asText()));
            await().atMost(Duration.ofSeconds(5)).until(() -> Spans.FINISHED.stream().anyMatch(sp -> sp.getName().equals("evaluation run traced")));
            SpanData runSpan = Spans.FINISHED.stream().filter(sp -> sp.getName().equals("evaluation run traced")).findFirst().orElseThrow();
            List<SpanData> trace = Spans.FINISHED.stream().filter(sp -> sp.getTraceId().equals(runSpan.getTraceId())).toList();
            assertThat(trace).extracting(sp -> sp.getResource().getAttribute(SERVICE)).contains("gateway", "eval-service");
            assertThat(trace).filteredOn(sp -> sp.getName().equals("POST 127.0.0.1")).hasSize(2)
                             .allSatisfy(call -> assertThat(call.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT));
        }
    }

    private static SpanData evalHandlerSpan() {
        return Spans.FINISHED.stream()
                             .filter(s -> "eval-service".equals(s.getResource().getAttribute(SERVICE)))
                             .filter(s -> s.getName().contains("ModelVersionRegistered"))
                             .findFirst().orElse(null);
    }

    private static Set<String> services(String traceId) {
        return Spans.FINISHED.stream().filter(s -> s.getTraceId().equals(traceId))
                             .map(s -> s.getResource().getAttribute(SERVICE)).collect(Collectors.toSet());
    }
}
