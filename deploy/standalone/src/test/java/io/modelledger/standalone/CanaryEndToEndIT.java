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
 * A governed canary through the gateway: version 2 of a model gets a canary grant by four-eyes promotion and serves 20% of
 * the protected production environment beside the alias holder; telemetry from an ingest key bound to that deployment is
 * its evidence, telemetry from an unbound key is not counted, and a bound key cannot send for another deployment. Equal
 * traffic gives {@code no-significant-difference} and a promotion whose policy requires "canary not worse" proceeds to
 * approval; a clearly higher error rate and latency on version 2 give {@code candidate-worse}, the next promotion is
 * rejected naming the analysis, and the monitoring policy's canary alert is raised.
 */
class CanaryEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "ab".repeat(32);
    private static Platform platform;
    private static Http admin;
    private static Http alice;
    private static Http carol;
    private static Http dave;
    private static Http bound;
    private static Http unbound;

    @BeforeAll
    static void start() {
        String database = "canary-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of(
                        "modelledger.monitor.canary.interval", "PT0.5S")));
        Http anonymous = new Http(platform.gatewayUrl());
        admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor"));
        dave = anonymous.as(admin.issueKey("user:dave", "approver"));
        alice = anonymous.as(admin.issueKey("user:alice", "admin")); // the second admin: policy changes need both
        Http.Response key = admin.post("/api/access/keys", "{\"name\":\"fraud-server\",\"owner\":\"service:fraud-server\","
                + "\"roles\":[\"ingest\"],\"binding\":{\"model\":\"fraud\",\"environment\":\"production\"}}");
        assertThat(key.status()).as(String.valueOf(key.body())).isEqualTo(201);
        assertThat(key.body().get("binding").get("model").asText()).isEqualTo("fraud");
        bound = anonymous.as(key.body().get("key").asText());
        unbound = anonymous.as(admin.issueKey("service:anything", "ingest"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aGrantedCanaryIsJudgedOnBoundTelemetryAndItsVerdictGatesThePromotion() {
        assertThat(carol.post("/api/registry/models", "{\"name\":\"fraud\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/models", "{\"name\":\"churn\"}").status()).isEqualTo(201);
        for (int v = 1; v <= 2; v++) {
            assertThat(carol.post("/api/registry/models/fraud/versions", "{\"artifactUri\":\"s3://m/fraud/" + v + "\",\"sha256\":\"" + SHA
                    + "\",\"framework\":\"sklearn\"}").status()).isEqualTo(201);
        }
        assertThat(carol.post("/api/registry/models/churn/versions", "{\"artifactUri\":\"s3://m/churn/1\",\"sha256\":\"" + SHA
                + "\",\"framework\":\"sklearn\"}").status()).isEqualTo(201);

        // production: version 1 holds it and serves all of it
        assertThat(admin.send("PUT", "/api/registry/models/fraud/policies/production", "{\"requiredApprovals\":0}").status()).isEqualTo(200);
        assertThat(carol.post("/api/registry/models/fraud/promotions", "{\"version\":1,\"alias\":\"production\"}").body()
                        .get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.send("PUT", "/api/registry/models/fraud/deployments/production",
                                                                     "{\"version\":1}").status() == 200);

        // from now on a promotion to production needs a canary that is not worse, over at least 200 records
        Http.Response change = admin.send("PUT", "/api/registry/models/fraud/policies/production",
                "{\"requiredApprovals\":1,\"canary\":{\"environment\":\"production\",\"minRecords\":200}}");
        assertThat(change.status()).isEqualTo(202);
        assertThat(alice.post("/api/registry/models/fraud/policies/production/changes/" + change.body().get("changeId").asText()
                + "/approvals", "{}").status()).isEqualTo(200);

        // no canary in a protected environment without a grant; a grant's policy says how far a canary may go
        Http.Response ungranted = carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":2,\"percent\":20}");
        assertThat(ungranted.status()).isEqualTo(409);
        assertThat(ungranted.body().get("detail").asText()).contains("production-canary");
        assertThat(carol.send("PUT", "/api/registry/models/fraud/aliases/production-canary", "{\"version\":2}").status())
                .as("the grant is protected like the environment").isEqualTo(409);
        Http.Response grantPolicy = admin.send("PUT", "/api/registry/models/fraud/policies/production-canary",
                                               "{\"requiredApprovals\":1,\"maxCanaryPercent\":25}");
        assertThat(grantPolicy.status()).as(String.valueOf(grantPolicy.body())).isEqualTo(200);
        Http.Response grant = carol.post("/api/registry/models/fraud/promotions", "{\"version\":2,\"alias\":\"production-canary\"}");
        assertThat(grant.body().get("status").asText()).isEqualTo("pending");
        assertThat(dave.post("/api/registry/models/fraud/promotions/" + grant.body().get("promotionId").asText() + "/approvals", "{}")
                       .body().get("status").asText()).isEqualTo("completed");
        Http.Response tooMuch = carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":2,\"percent\":30}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body().get("detail").asText()).contains("at most 25 percent");
        Http.Response canary = carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":2,\"percent\":20}");
        assertThat(canary.status()).as(String.valueOf(canary.body())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/monitor/deployments").body().toString().contains("\"percent\":20"));

        // the monitoring policy asks for a critical alert when the canary is worse
        Http.Response policy = carol.send("PUT", "/api/monitor/models/fraud/policy", "{\"alertOnWorseCanary\":true}");
        assertThat(policy.status()).as(String.valueOf(policy.body())).isEqualTo(200);

        // a bound key sends for its own deployment only
        Http.Response elsewhere = bound.post("/api/monitor/telemetry", batch("churn", 1, 0, 1, 20, false).toString());
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(elsewhere.body().get("accepted").asInt()).isZero();
        assertThat(elsewhere.body().get("rejected").get(0).get("reason").asText()).contains("bound to model 'fraud'");
        Http.Response labelsElsewhere = bound.post("/api/monitor/labels",
                "{\"model\":\"churn\",\"environment\":\"production\",\"labels\":[{\"inferenceId\":\"x\",\"label\":1}]}");
        assertThat(labelsElsewhere.status()).isEqualTo(400);
        assertThat(labelsElsewhere.body().get("errors").get(0).get("field").asText()).isEqualTo("environment");
        Http.Response feedbackElsewhere = bound.post("/api/monitor/feedback", "{\"batchId\":\"fb-1\",\"modelName\":\"fraud\","
                + "\"items\":[{\"version\":1,\"environment\":\"staging\",\"thumbs\":\"down\"}]}");
        assertThat(feedbackElsewhere.status()).isEqualTo(400);
        assertThat(feedbackElsewhere.body().get("errors").get(0).get("field").asText()).isEqualTo("items[0].environment");

        // equal traffic on both arms from the bound key; a flood of failures on version 2 from an unbound key does not count
        send(unbound, batch("fraud", 2, 0, 500, 0, true));
        send(bound, batch("fraud", 1, 0, 300, 0, false));
        send(bound, batch("fraud", 2, 0, 300, 0, false));
        JsonNode equal = awaitAnalysis(300); // counted after the unbound key's records were stored: they are not evidence
        assertThat(equal.get("outcome").asText()).isEqualTo("no-significant-difference");
        assertThat(equal.get("primaryRecords").asLong()).isEqualTo(300);
        assertThat(metric(equal, "latency_ms").get("test").asText()).isEqualTo("mann-whitney-u");
        assertThat(metric(equal, "error_rate").get("pValue").asDouble()).isEqualTo(1.0);
        Http.Response proceeds = carol.post("/api/registry/models/fraud/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(proceeds.body().get("status").asText()).as(String.valueOf(proceeds.body())).isEqualTo("pending");
        assertThat(dave.post("/api/registry/models/fraud/promotions/" + proceeds.body().get("promotionId").asText() + "/rejections",
                             "{\"reason\":\"let the canary run longer\"}").status()).isEqualTo(204);

        // version 2 now fails more often and answers more slowly
        send(bound, batch("fraud", 1, 300, 400, 0, false));
        send(bound, batch("fraud", 2, 300, 400, 60, true));
        JsonNode worse = awaitAnalysis(700);
        assertThat(worse.get("outcome").asText()).isEqualTo("candidate-worse");
        assertThat(metric(worse, "error_rate").get("outcome").asText()).isEqualTo("candidate-worse");
        assertThat(metric(worse, "latency_ms").get("outcome").asText()).isEqualTo("candidate-worse");
        assertThat(metric(worse, "latency_ms").get("effect").asDouble()).isGreaterThan(0.5);
        assertThat(metric(worse, "error_rate").get("pAdjusted").asDouble()).isLessThan(0.05);
        String analysisId = carol.get("/api/monitor/deployments/fraud/production/canary").body().get("latest").get("eventId").asText();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Http.Response refused = carol.post("/api/registry/models/fraud/promotions", "{\"version\":2,\"alias\":\"production\"}");
            assertThat(refused.body().get("status").asText()).isEqualTo("rejected");
            assertThat(refused.body().get("reasons").toString()).contains("canary analysis " + analysisId).contains("candidate-worse")
                                                                 .contains("error_rate");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carol.get("/api/monitor/alerts?model=fraud&status=open").body())
                .anySatisfy(alert -> {
                    assertThat(alert.get("metric").asText()).isEqualTo("canary");
                    assertThat(alert.get("severity").asText()).isEqualTo("critical");
                    assertThat(alert.get("summary").asText()).contains("canary version 2", "error_rate");
                }));
        JsonNode history = carol.get("/api/monitor/deployments/fraud/production/canary").body().get("history");
        assertThat(history.size()).as("earlier analyses stay queryable").isGreaterThanOrEqualTo(1);
    }

    private static JsonNode metric(JsonNode analysis, String name) {
        for (JsonNode metric : analysis.get("metrics")) {
            if (metric.get("metric").asText().equals(name)) {
                return metric;
            }
        }
        throw new AssertionError("no metric " + name + " in " + analysis);
    }

    /** The latest analysis, once it counts {@code candidateRecords} records of the candidate. */
    private static JsonNode awaitAnalysis(long candidateRecords) {
        JsonNode[] latest = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode report = carol.get("/api/monitor/deployments/fraud/production/canary").body();
            latest[0] = report.path("latest").path("analysis");
            return latest[0].path("candidateRecords").asLong() == candidateRecords;
        });
        return latest[0];
    }

    private static void send(Http key, ObjectNode batch) {
        Http.Response response = key.post("/api/monitor/telemetry", batch.toString());
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
        assertThat(response.body().get("rejected").size()).as(String.valueOf(response.body())).isZero();
    }

    /**
     * {@code count} records of one version, record {@code i} (from {@code first}) with latency 20 + i mod 30 ms (+
     * {@code slower}) and an error every 50th record, or every 3rd when {@code failing}: the same for both arms unless told.
     */
    private static ObjectNode batch(String model, int version, int first, int count, int slower, boolean failing) {
        ObjectNode batch = JSON.createObjectNode().put("batchId", UUID.randomUUID().toString());
        ArrayNode records = batch.putArray("records");
        for (int i = first; i < first + count; i++) {
            records.addObject().put("model", model).put("version", version).put("environment", "production")
                   .put("timestamp", Instant.now().toString()).put("latencyMs", 20 + i % 30 + slower)
                   .put("error", failing ? i % 3 == 0 : i % 50 == 0).putObject("features");
        }
        return batch;
    }
}
