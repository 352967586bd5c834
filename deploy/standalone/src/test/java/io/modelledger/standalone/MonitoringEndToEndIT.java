package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Monitoring through the gateway: a deployed model version with a reference profile receives telemetry
 * whose features shift; the scheduled window raises a critical drift alert as an event, a webhook receiver
 * on 127.0.0.1 gets correctly signed calls, the feedback loop's re-evaluation request starts an evaluation
 * run in eval-service, and when the shift stops the alert resolves. Malformed records are refused with
 * reasons beside stored valid ones, and a retried batch stores nothing twice.
 */
class MonitoringEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-" + UUID.randomUUID();
    private static final String KEY = "sk-" + UUID.randomUUID();
    private static final List<Map<String, String>> deliveries = new CopyOnWriteArrayList<>();
    private static Platform platform;
    private static HttpServer receiver;
    private static OpenAiCompatibleStub endpoint;
    private static Http carol;
    private static Http ingest;
    private final Random random = new Random(7);

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(Map.of("body", body, "event", exchange.getRequestHeaders().getFirst("X-ModelLedger-Event"),
                                  "timestamp", exchange.getRequestHeaders().getFirst("X-ModelLedger-Timestamp"),
                                  "signature", exchange.getRequestHeaders().getFirst("X-ModelLedger-Signature")));
            exchange.sendResponseHeaders(deliveries.size() == 1 ? 503 : 204, -1); // the first delivery is retried
            exchange.close();
        });
        receiver.start();
        endpoint = new OpenAiCompatibleStub(KEY, message -> "approve", 0, 0, Set.of(), 0);
        String database = "monitoring-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of(
                        "modelledger.monitor.windows", "PT2S",
                        "modelledger.monitor.evaluation-interval", "PT0.5S",
                        "modelledger.monitor.grace", "PT0.3S",
                        "modelledger.monitor.webhooks[0].url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks",
                        "modelledger.monitor.webhooks[0].secret", SECRET,
                        "modelledger.eval.secrets.scoring", KEY,
                        "modelledger.eval.poll", "200ms",
                        // this scenario is about monitoring: production is not a governed alias here
                        "modelledger.governance.protected-aliases", "governed",
                        "modelledger.eval.secret-hosts.scoring", "127.0.0.1",
                        "modelledger.outbound.allow-internal", "127.0.0.1")));
        Http anonymous = new Http(platform.gatewayUrl());
        Http admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor"));
        ingest = anonymous.as(admin.issueKey("service:fraud-server", "ingest"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private ObjectNode record(double amountMean, double ageMean, Instant at) {
        ObjectNode record = JSON.createObjectNode().put("model", "fraud").put("version", 1).put("environment", "production")
                .put("timestamp", at.toString()).put("prediction", random.nextDouble() < 0.1 ? "1" : "0")
                .put("latencyMs", 20 + random.nextInt(30)).put("traceId", UUID.randomUUID().toString());
        record.putObject("features").put("amount", amountMean + 20 * random.nextGaussian())
              .put("age", ageMean + 10 * random.nextGaussian()).put("country", List.of("DE", "FR", "NL").get(random.nextInt(3)));
        return record;
    }

    private void sendBatch(double amountMean, double ageMean, int size) {
        ObjectNode batch = JSON.createObjectNode().put("batchId", UUID.randomUUID().toString());
        ArrayNode records = batch.putArray("records");
        for (int i = 0; i < size; i++) {
            records.add(record(amountMean, ageMean, Instant.now()));
        }
        Http.Response response = ingest.post("/api/monitor/telemetry", batch.toString());
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
    }

    @Test
    void driftRaisesASignedAlertThatTriggersReEvaluationAndResolvesWhenTheShiftStops() throws Exception {
        // a model version, deployed; eval-service has run a suite on it against its endpoint
        assertThat(carol.post("/api/registry/models", "{\"name\":\"fraud\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/models/fraud/versions", "{\"artifactUri\":\"s3://m/fraud/1\",\"sha256\":\""
                + "ab".repeat(32) + "\",\"framework\":\"sklearn\"}").status()).isEqualTo(201);
        assertThat(carol.send("PUT", "/api/registry/models/fraud/aliases/production", "{\"version\":1}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.send("PUT", "/api/registry/models/fraud/deployments/production",
                                                                     "{\"version\":1}").status() == 200);
        assertThat(carol.post("/api/eval/suites/fraud-smoke/versions", "{\"metrics\":[{\"metric\":\"equals\",\"threshold\":0.9}],"
                + "\"cases\":[{\"input\":\"tx 1\",\"expected\":\"approve\"},{\"input\":\"tx 2\",\"expected\":\"approve\"}]}").status())
                .isEqualTo(201);
        String run = "{\"suite\":{\"name\":\"fraud-smoke\"},\"subject\":{\"kind\":\"model\",\"name\":\"fraud\",\"version\":1},"
                + "\"target\":{\"kind\":\"openai\",\"baseUrl\":\"" + endpoint.baseUrl() + "\",\"secret\":\"scoring\",\"model\":\"fraud-v1\"}}";
        await().atMost(Duration.ofSeconds(10)).until(() -> carol.post("/api/eval/runs", run).status() == 202);
        await().atMost(Duration.ofSeconds(20)).until(() -> runs().toString().contains("\"status\":\"completed\""));

        // how fraud is watched: a reference profile, a critical drift rule, and the feedback loop
        ArrayNode rows = JSON.createArrayNode();
        for (int i = 0; i < 500; i++) {
            JsonNode features = record(100, 40, Instant.now()).get("features");
            rows.add(features);
        }
        ObjectNode reference = JSON.createObjectNode().put("source", "dataset").put("datasetName", "transactions").put("datasetVersion", 1);
        reference.set("rows", rows);
        Http.Response profile = carol.post("/api/monitor/models/fraud/versions/1/reference", reference.toString());
        assertThat(profile.status()).as(String.valueOf(profile.body())).isEqualTo(201);
        assertThat(profile.body().get("features").toString()).contains("\"amount\":\"numeric\"", "\"country\":\"categorical\"");
        Http.Response policy = carol.send("PUT", "/api/monitor/models/fraud/policy",
                                          "{\"reEvaluateOnCriticalDrift\":true,\"retrainOnCriticalDrift\":true}");
        assertThat(policy.status()).as(String.valueOf(policy.body())).isEqualTo(200);
        assertThat(carol.send("PUT", "/api/monitor/models/fraud/alert-rules/data-drift", "{\"metric\":\"drift_share\","
                + "\"comparator\":\">=\",\"threshold\":0.5,\"window\":\"PT2S\",\"severity\":\"critical\",\"cooldown\":\"PT1S\"}").status())
                .isEqualTo(200);
        Http.Response badRule = carol.send("PUT", "/api/monitor/models/fraud/alert-rules/bad", "{\"metric\":\"vibes\","
                + "\"comparator\":\">\",\"threshold\":1,\"window\":\"PT2S\",\"severity\":\"critical\"}");
        assertThat(badRule.status()).isEqualTo(400);
        assertThat(badRule.body().get("errors").get(0).get("field").asText()).isEqualTo("metric");
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/monitor/deployments").body().toString().contains("fraud"));

        // malformed records are refused with reasons, valid ones stored; a retried batch stores nothing twice
        Instant before = Instant.now().minusSeconds(1);
        ObjectNode mixed = JSON.createObjectNode().put("batchId", "mixed-1");
        mixed.putArray("records").add(record(100, 40, Instant.now()))
             .add(record(100, 40, Instant.now()).without("model"))
             .add(record(100, 40, Instant.now()).put("timestamp", "yesterday"))
             .add(record(100, 40, Instant.now()).put("version", 9));
        JsonNode first = ingest.post("/api/monitor/telemetry", mixed.toString()).body();
        assertThat(first.get("accepted").asInt()).isEqualTo(1);
        assertThat(first.get("rejected").toString()).contains("\"index\":1,\"field\":\"model\"", "\"index\":2,\"field\":\"timestamp\"",
                                                                  "\"index\":3,\"field\":\"version\"");
        JsonNode again = ingest.post("/api/monitor/telemetry", mixed.toString()).body();
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(carol.get("/api/monitor/deployments/fraud/production/metrics?from=" + before + "&to=" + Instant.now().plusSeconds(1))
                        .body().get("records").asInt()).isEqualTo(1);

        // the features shift: a window raises a critical drift alert
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            sendBatch(170, 60, 100);
            return alerts("open").size() > 0;
        });
        JsonNode alert = alerts("open").get(0);
        assertThat(alert.get("severity").asText()).isEqualTo("critical");
        assertThat(alert.get("metric").asText()).isEqualTo("drift_share");
        assertThat(alert.get("value").asDouble()).isGreaterThanOrEqualTo(0.5);
        String alertId = alert.get("alertId").asText();

        // the webhook got signed AlertRaised and RetrainingRequested calls (the first one after a retry)
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.stream().anyMatch(d -> d.get("event").equals("RetrainingRequested")));
        List<Map<String, String>> raised = deliveries.stream().filter(d -> d.get("event").equals("AlertRaised")).toList();
        assertThat(raised).hasSizeGreaterThanOrEqualTo(2);
        for (Map<String, String> delivery : deliveries) {
            assertThat(delivery.get("signature")).isEqualTo("sha256=" + hmac(delivery.get("timestamp") + "." + delivery.get("body")));
        }
        assertThat(raised.get(0).get("body")).contains(alertId);

        // the feedback loop: eval-service runs the model's suite again
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode runs = runs();
            for (JsonNode r : runs) {
                if (r.get("trigger").asText().equals("re-evaluation") && r.get("status").asText().equals("completed")) {
                    return true;
                }
            }
            return false;
        });
        assertThat(carol.get("/api/monitor/alerts/" + alertId).body().get("reEvaluationRequested").asBoolean()).isTrue();

        // the shift stops: the alert resolves itself
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            sendBatch(100, 40, 100);
            return "resolved".equals(carol.get("/api/monitor/alerts/" + alertId).body().get("status").asText());
        });
        assertThat(carol.get("/api/monitor/alerts/" + alertId).body().get("resolution").asText()).isEqualTo("condition-cleared");
        JsonNode series = carol.get("/api/monitor/deployments/fraud/production/windows?size=PT2S&from="
                + Instant.now().minusSeconds(120)).body();
        assertThat(series.size()).isGreaterThan(2);
        assertThat(series.toString()).contains("\"dataset_drift\":1.0", "\"dataset_drift\":0.0", "latency_p95");
    }

    private static JsonNode runs() {
        return carol.get("/api/eval/runs?subjectKind=model&subjectName=fraud").body();
    }

    private static JsonNode alerts(String status) {
        return carol.get("/api/monitor/alerts?model=fraud&status=" + status).body();
    }

    private static String hmac(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
