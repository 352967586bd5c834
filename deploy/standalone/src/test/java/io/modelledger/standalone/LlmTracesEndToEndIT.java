package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Production LLM traffic, sent the way applications send it: two real instrumentation libraries of different
 * attribute dialects (OpenInference's and OpenLLMetry's, on the official {@code openai} npm client) call the local
 * OpenAI-compatible stub and export their spans over OTLP/HTTP protobuf to the gateway with an {@code ingest} key,
 * configured only by the standard {@code OTEL_*} variables. The windows API then shows exactly those calls: their
 * count, token sums, cost where the model has a price and {@code unpriced} where it has none, errors, and an online
 * PII score for the answer that leaks an email address. A raw protobuf export adds a failed call and a span for a
 * model that was never registered, refused as OTLP's partial success.
 * <p>
 * Needs Node and the pinned fixture ({@code src/test/node/otel-clients}, {@code npm ci}); it is skipped without
 * them, except where {@code MODELLEDGER_REQUIRE_NODE_FIXTURES} is set (CI), where that is a failure. Nothing here
 * leaves 127.0.0.0/8: the fixture refuses any other address.
 */
class LlmTracesEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = Path.of("src/test/node/otel-clients").toAbsolutePath();
    private static final String OPENAI_KEY = "sk-" + UUID.randomUUID();
    private static final String LEAK = "Please write to jane.doe@example.com for a refund.";
    private static Platform platform;
    private static OpenAiCompatibleStub openai;
    private static Http carol;
    private static String ingestKey;

    @BeforeAll
    static void start() {
        boolean ready = Files.isDirectory(FIXTURE.resolve("node_modules")) && node() != null;
        if (!ready && System.getenv("MODELLEDGER_REQUIRE_NODE_FIXTURES") != null) {
            throw new AssertionError("MODELLEDGER_REQUIRE_NODE_FIXTURES is set but Node or " + FIXTURE.resolve("node_modules")
                                     + " is missing: run npm ci there (.ci/run does)");
        }
        Assumptions.assumeTrue(ready, "Node and the OTel client fixture (npm ci in " + FIXTURE + ") are needed");
        openai = new OpenAiCompatibleStub(OPENAI_KEY, message -> message.contains("refund") ? LEAK : "Your order ships on Monday.", 5, 0,
                                          Set.of(), 0);
        String database = "llm-traces-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of(
                        "modelledger.governance.protected-aliases", "governed")));
        Http anonymous = new Http(platform.gatewayUrl());
        Http admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor"));
        ingestKey = admin.issueKey("service:support-app", "ingest");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (openai != null) {
            openai.close();
        }
    }

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node"))) {
                return Path.of(dir, "node").toString();
            }
        }
        return null;
    }

    /** Runs one fixture script: its calls go to the stub, its spans to the gateway, configured as any exporter is. */
    private static void run(String script, List<String> messages, String model, String resourceAttributes) throws Exception {
        ProcessBuilder process = new ProcessBuilder(node(), FIXTURE.resolve(script).toString()).redirectErrorStream(true);
        Map<String, String> env = process.environment();
        env.put("OPENAI_BASE_URL", openai.baseUrl());
        env.put("OPENAI_API_KEY", OPENAI_KEY);
        env.put("OPENAI_MODEL", model);
        env.put("MESSAGES", JSON.writeValueAsString(messages));
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", platform.gatewayUrl() + "/api/monitor/otlp");
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer " + ingestKey);
        env.put("OTEL_RESOURCE_ATTRIBUTES", resourceAttributes);
        env.put("TRACELOOP_TELEMETRY", "false");
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(90, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
        assertThat(started.exitValue()).as("%s exited with:%n%s", script, output.replace(ingestKey, "mlk_…")).isZero();
    }

    private static int words(String text) {
        return text.strip().split("\\s+").length;
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** A failed chat call (status ERROR) of the deployed model, and one for a model the registry never registered. */
    private static ExportTraceServiceResponse exportRaw() throws IOException, InterruptedException {
        long now = Instant.now().toEpochMilli() * 1_000_000;
        Span failed = Span.newBuilder().setName("chat gpt-4o-mini").setTraceId(ByteString.copyFrom(UUID.randomUUID().toString().replace("-", "").getBytes(StandardCharsets.US_ASCII), 0, 16))
                          .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).setStartTimeUnixNano(now - 2_000_000_000L)
                          .setEndTimeUnixNano(now).addAttributes(attribute("gen_ai.operation.name", "chat"))
                          .addAttributes(attribute("gen_ai.request.model", "gpt-4o-mini")).addAttributes(attribute("error.type", "timeout"))
                          .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build();
        Span unknown = failed.toBuilder().addAttributes(attribute("modelledger.model", "never-registered")).clearStatus().build();
        Resource resource = Resource.newBuilder().addAttributes(attribute("modelledger.model", "support-bot"))
                                    .addAttributes(attribute("modelledger.model.version", "1"))
                                    .addAttributes(attribute("deployment.environment.name", "production")).build();
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(failed).addSpans(unknown))).build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/monitor/otlp/v1/traces"))
                           .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + ingestKey)
                           .POST(HttpRequest.BodyPublishers.ofByteArray(export.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-protobuf"));
        return ExportTraceServiceResponse.parseFrom(response.body());
    }

    @Test
    void realOpenInferenceAndOpenLlmetryClientsTracesBecomeTheDeploymentsWindows() throws Exception {
        assertThat(carol.post("/api/registry/models", "{\"name\":\"support-bot\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/models/support-bot/versions", "{\"artifactUri\":\"s3://m/support-bot/1\",\"sha256\":\""
                + "cd".repeat(32) + "\",\"framework\":\"prompt\"}").status()).isEqualTo(201);
        assertThat(carol.send("PUT", "/api/registry/models/support-bot/aliases/production", "{\"version\":1}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.send("PUT", "/api/registry/models/support-bot/deployments/production",
                                                                     "{\"version\":1}").status() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.send("PUT", "/api/monitor/models/support-bot/policy",
                                                                     "{\"onlineSampleRate\":1.0}").status() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/monitor/deployments").body().toString().contains("support-bot"));
        Instant from = Instant.now().minusSeconds(5);

        // OpenInference, priced (gpt-4o-mini is in the price table), without a version: the deployment's serving version
        List<String> first = List.of("When does my order ship?", "I want a refund for order 42", "Thanks!");
        run("openinference.cjs", first, "gpt-4o-mini", "modelledger.model=support-bot,deployment.environment.name=production");
        // OpenLLMetry, naming its version, on a model missing from the price table: unpriced, never free
        List<String> second = List.of("Where is my parcel?", "Cancel my subscription please");
        run("openllmetry.cjs", second, "acme-private-llm", "modelledger.model=support-bot,modelledger.model.version=1,"
                + "deployment.environment.name=production");
        ExportTraceServiceResponse partial = exportRaw();
        assertThat(partial.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(partial.getPartialSuccess().getErrorMessage()).contains("never-registered");

        int promptTokens = 0;
        int completionTokens = 0;
        double cost = 0;
        for (String message : first) {
            int in = words(message);
            int out = words(message.contains("refund") ? LEAK : "Your order ships on Monday.");
            promptTokens += in;
            completionTokens += out;
            cost += (in * 0.15 + out * 0.60) / 1_000_000;
        }
        for (String message : second) {
            promptTokens += words(message);
            completionTokens += words("Your order ships on Monday.");
        }
        int expectedPrompt = promptTokens;
        int expectedCompletion = completionTokens;
        double expectedCost = cost;
        String metrics = "/api/monitor/deployments/support-bot/production/metrics?from=" + from + "&to=" + Instant.now().plusSeconds(60);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Http.Response window = carol.get(metrics);
            assertThat(window.status()).isEqualTo(200);
            JsonNode m = window.body().get("metrics");
            assertThat(m.get("records").asDouble()).as(window.body().toString()).isEqualTo(6);
            assertThat(m.get("tokens_prompt").asDouble()).isEqualTo(expectedPrompt);
            assertThat(m.get("tokens_completion").asDouble()).isEqualTo(expectedCompletion);
            assertThat(m.get("cost_total").asDouble()).isCloseTo(expectedCost, within(1e-12));
            assertThat(m.get("unpriced_records").asDouble()).as("the acme-private-llm calls (a failed call without tokens costs nothing)")
                                                            .isEqualTo(2);
            assertThat(m.get("error_rate").asDouble()).isCloseTo(1 / 6.0, within(1e-12));
            assertThat(m.get("scored_records").asDouble()).as("every answer scored at a sample rate of 1").isEqualTo(5);
            assertThat(m.get("pii_rate").asDouble()).as("one answer of five leaks an email address").isCloseTo(0.2, within(1e-12));
            assertThat(m.get("toxicity_rate").asDouble()).isZero();
            assertThat(window.body().get("versions").get(0).get("version").asInt()).isEqualTo(1);
        });
        // each call, newest first: its scores, and no text (the policy does not capture content)
        JsonNode records = carol.get("/api/monitor/deployments/support-bot/production/records?from=" + from).body();
        assertThat(records).hasSize(6);
        assertThat(records).filteredOn(r -> r.path("scores").path("pii").asDouble() == 1.0).singleElement().satisfies(leak -> {
            assertThat(leak.get("responseModel").asText()).isEqualTo("gpt-4o-mini");
            assertThat(leak.get("finishReason").asText()).isEqualTo("stop");
            assertThat(leak.has("output")).isFalse();
        });
        assertThat(records).filteredOn(r -> r.get("unpriced").asBoolean()).hasSize(2)
                           .allSatisfy(r -> assertThat(r.get("responseModel").asText()).isEqualTo("acme-private-llm"));
    }
}
