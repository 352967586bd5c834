package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delayed ground truth through the gateway: records carry inference ids and predictions; their window is judged without
 * labels; labels sent a window later (by inference id) change that window's accuracy, and a decay rule on accuracy
 * raises its alert. Labels for unknown inferences are refused with reasons.
 */
class LabelsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Platform platform;
    private static Http carol;
    private static Http ingest;

    @BeforeAll
    static void start() {
        String database = "labels-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of(
                        "modelledger.monitor.windows", "PT2S",
                        "modelledger.monitor.evaluation-interval", "PT0.5S",
                        "modelledger.monitor.grace", "PT0.3S",
                        "modelledger.governance.protected-aliases", "governed")));
        Http anonymous = new Http(platform.gatewayUrl());
        Http admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor"));
        ingest = anonymous.as(admin.issueKey("service:churn-server", "ingest"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void labelsSentAWindowLaterChangeThatWindowsAccuracyAndADecayRuleRaisesAnAlert() {
        assertThat(carol.post("/api/registry/models", "{\"name\":\"churn\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/models/churn/versions", "{\"artifactUri\":\"s3://m/churn/1\",\"sha256\":\""
                + "ab".repeat(32) + "\",\"framework\":\"sklearn\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.send("PUT", "/api/registry/models/churn/deployments/production",
                                                                     "{\"version\":1}").status() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.send("PUT", "/api/monitor/models/churn/alert-rules/decay",
                "{\"metric\":\"accuracy\",\"comparator\":\"<\",\"threshold\":0.8,\"window\":\"PT2S\",\"severity\":\"critical\"}")
                .status() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/monitor/deployments").body().toString().contains("churn"));

        // forty predictions, each with its inference id; the truth is not known yet
        Instant at = Instant.now();
        ObjectNode batch = JSON.createObjectNode().put("batchId", UUID.randomUUID().toString());
        ArrayNode records = batch.putArray("records");
        for (int i = 0; i < 40; i++) {
            records.addObject().put("model", "churn").put("version", 1).put("environment", "production").put("timestamp", at.toString())
                   .put("inferenceId", "c-" + i).put("prediction", "churn").put("latencyMs", 12).putObject("features");
        }
        Http.Response stored = ingest.post("/api/monitor/telemetry", batch.toString());
        assertThat(stored.status()).as(String.valueOf(stored.body())).isEqualTo(200);
        assertThat(stored.body().get("accepted").asInt()).isEqualTo(40);
        JsonNode judged = awaitWindow(at, w -> w.path("records").asLong() == 40);
        assertThat(judged.get("metrics").get("label_coverage").asDouble()).isZero();
        assertThat(judged.get("metrics").has("accuracy")).isFalse();

        // a window later: the truth for all forty, half of them churned; and two ids nobody sent
        ObjectNode labels = JSON.createObjectNode().put("model", "churn").put("environment", "production");
        ArrayNode items = labels.putArray("labels");
        for (int i = 0; i < 40; i++) {
            items.addObject().put("inferenceId", "c-" + i).put("label", i % 2 == 0 ? "churn" : "stay");
        }
        items.addObject().put("inferenceId", "never-sent").put("label", "stay");
        items.addObject().put("inferenceId", "c-1").set("label", JSON.createObjectNode());
        Http.Response labelled = ingest.post("/api/monitor/labels", labels.toString());
        assertThat(labelled.status()).as(String.valueOf(labelled.body())).isEqualTo(200);
        assertThat(labelled.body().get("accepted").asInt()).isEqualTo(40);
        assertThat(labelled.body().get("rejected").toString()).contains("\"index\":40", "inferenceId", "\"index\":41", "\"field\":\"label\"");

        JsonNode relabelled = awaitWindow(at, w -> w.path("metrics").has("accuracy"));
        assertThat(relabelled.get("metrics").get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(relabelled.get("metrics").get("label_coverage").asDouble()).isEqualTo(1.0);
        assertThat(relabelled.get("metrics").get("labelled_records").asDouble()).isEqualTo(40);
        assertThat(relabelled.get("versions").get(0).get("metrics").get("accuracy").asDouble()).isEqualTo(0.5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carol.get("/api/monitor/alerts?model=churn&status=open").body())
                .anySatisfy(alert -> {
                    assertThat(alert.get("metric").asText()).isEqualTo("accuracy");
                    assertThat(alert.get("severity").asText()).isEqualTo("critical");
                    assertThat(alert.get("value").asDouble()).isEqualTo(0.5);
                }));
    }

    /** The stored 2-second window holding {@code at}, once it satisfies {@code condition}. */
    private static JsonNode awaitWindow(Instant at, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] found = new JsonNode[1];
        long start = Math.floorDiv(at.toEpochMilli(), 2000) * 2000;
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode series = carol.get("/api/monitor/deployments/churn/production/windows?size=PT2S&from="
                    + Instant.ofEpochMilli(start) + "&to=" + Instant.ofEpochMilli(start + 2000)).body();
            found[0] = series.size() == 1 ? series.get(0) : null;
            return found[0] != null && condition.test(found[0]);
        });
        return found[0];
    }
}
