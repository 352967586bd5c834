package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.modelledger.platform.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read models are disposable: after a world of models, versions with lineage, aliases, deployments,
 * datasets, prompts, suites, evaluation runs and verdicts, keys, monitoring policies, rules, telemetry and
 * feedback has been built through the gateway, every replayable processor of every service is replayed
 * over the admin API, and every read-model collection comes back document for document as it was. A
 * marker document put into every collection before the replays must be gone after them, so a read model
 * that a replay does not rebuild from scratch (no reset) fails. Left out ({@link ReadModelSnapshots}): collections
 * no processor writes, the audit chain, which a replay keeps, and the runs read model, which is not replayable (it
 * holds the executors' leases). Not covered yet: promotions and alerts (the world raises none). Also checked: which
 * processors acknowledge their writes before the journal (every replayable one but the keys and the audit chain).
 */
class ReadModelReplayIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final String MARKER = "replay-marker";
    /** Every processor a replay may rebuild; one that stops being replayable (or a new one) changes this list. */
    private static final List<String> REPLAYABLE = List.of("registry/access-key-requests", "registry/access-keys", "registry/audit-log", "registry/dataset-catalog",
            "registry/model-catalog", "registry/policy-changes", "registry/promotion-evidence", "registry/promotions", "registry/prompt-catalog",
            "eval/eval-comparisons", "eval/eval-pending-versions", "eval/eval-prompts", "eval/eval-suites", "monitor/monitor-alerts",
            "monitor/monitor-canary-analyses", "monitor/monitor-deployments", "monitor/monitor-feedback", "monitor/monitor-known-versions", "monitor/monitor-policies",
            "monitor/monitor-reference-quality", "monitor/guard-policies");

    private static Platform platform;
    private static String database;
    private static Http admin;

    @BeforeAll
    static void start() {
        database = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of()));
        admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void replayingEveryReadModelOfEveryServiceRebuildsTheSameDocuments() {
        buildAWorld();
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoDatabase db = client.getDatabase(database);
            Map<String, List<Document>> before = ReadModelSnapshots.settled(db);
            for (String populated : List.of("registry_models", "registry_model_versions", "registry_verdicts", "registry_datasets",
                    "registry_prompts", "registry_alias_history", "registry_api_keys", "eval_comparisons", "eval_suites",
                    "monitor_policies", "monitor_alert_rules", "monitor_feedback", "monitor_feedback_minutes", "monitor_known_versions",
                    "monitor_deployments", "monitor_guard_policies")) {
                assertThat(before.get(populated)).as("read model " + populated + " has documents to compare").isNotEmpty();
            }
            // a marker in every read model: a replay that really rebuilds a collection (reset, then every event again) removes it
            for (String collection : before.keySet()) {
                db.getCollection(collection).insertOne(new Document("_id", MARKER));
            }
            List<String> replayed = ReadModelSnapshots.replayEveryReplayableProcessor(admin, "ReadModelReplayIT");
            System.out.println("ReadModelReplayIT replayed " + replayed);
            assertThat(replayed).as("replayed processors").containsExactlyInAnyOrderElementsOf(REPLAYABLE);
            ReadModelSnapshots.awaitRebuiltAs(db, before);
            // replayable read models acknowledge their writes before the journal; the keys and the audit chain do not
            List<String> deferred = new ArrayList<>();
            for (String service : List.of("registry", "eval", "monitor")) {
                for (JsonNode processor : admin.get("/api/" + service + "/admin/processors").body()) {
                    if (processor.path("writes").asText().equals("deferred")) {
                        deferred.add(service + "/" + processor.path("name").asText());
                    }
                }
            }
            List<String> expectedDeferred = new ArrayList<>(REPLAYABLE);
            expectedDeferred.removeAll(List.of("registry/access-keys", "registry/audit-log"));
            assertThat(deferred).as("processors whose writes wait for no journal").containsExactlyInAnyOrderElementsOf(expectedDeferred);
            for (String service : List.of("registry", "eval", "monitor")) {
                for (JsonNode processor : admin.get("/api/" + service + "/admin/processors").body()) {
                    assertThat(processor.path("state").asText()).as(service + " " + processor).isIn("running", "subscribing");
                    assertThat(processor.path("heldAt").isMissingNode() || processor.path("heldAt").isNull()).as(service + " " + processor).isTrue();
                }
            }
        }
    }

    private static void buildAWorld() {
        Http carol = admin.as(admin.issueKey("user:carol", "contributor"));
        String revoked = admin.issueKey("user:leaver", "viewer");
        expect(admin.delete("/api/access/keys/" + revoked.substring(4, 20)), 204);
        expect(carol.post("/api/registry/datasets", "{\"name\":\"transactions\",\"tags\":{\"domain\":\"payments\"}}"), 201);
        expect(carol.post("/api/registry/datasets/transactions/versions", "{\"uri\":\"s3://d/1\",\"sha256\":\"" + SHA
                + "\",\"rowCount\":10,\"schema\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"a.b\":1}}"), 201);
        expect(carol.post("/api/registry/models", "{\"name\":\"fraud\",\"taskType\":\"classification\",\"tags\":{\"team\":\"risk\"}}"), 201);
        for (int v = 1; v <= 3; v++) {
            expect(carol.post("/api/registry/models/fraud/versions", "{\"artifactUri\":\"s3://m/" + v + "\",\"sha256\":\"" + SHA
                    + "\",\"framework\":\"onnx\",\"hyperParameters\":{\"optimizer.lr\":0.01,\"$depth\":" + v + "},"
                    + "\"lineage\":{\"trainingData\":[{\"dataset\":\"transactions\",\"version\":1}]}}"), 201);
        }
        expect(carol.send("PATCH", "/api/registry/models/fraud/versions/1", "{\"deprecated\":true,\"reason\":\"old\"}"), 202);
        expect(carol.send("PATCH", "/api/registry/models/fraud", "{\"description\":\"card fraud\",\"tags\":{\"team\":\"risk\",\"tier\":\"1\"}}"), 202);
        expect(carol.send("PUT", "/api/registry/models/fraud/aliases/staging", "{\"version\":2}"), 200);
        expect(carol.send("PUT", "/api/registry/models/fraud/aliases/staging", "{\"version\":3}"), 200);
        expect(carol.send("PUT", "/api/registry/models/fraud/deployments/staging", "{\"version\":2}"), 200);
        expect(carol.send("PUT", "/api/registry/models/fraud/deployments/staging", "{\"version\":3,\"percent\":20}"), 200);
        expect(carol.post("/api/registry/prompts", "{\"name\":\"answer\"}"), 201);
        expect(carol.post("/api/registry/prompts/answer/versions", "{\"template\":\"Hi {{who}}\",\"variables\":[\"who\"],"
                + "\"commitMessage\":\"first\",\"parameters\":{\"top.p\":0.9}}"), 201);
        expect(carol.send("PUT", "/api/registry/prompts/answer/aliases/staging", "{\"version\":1}"), 200);
        expect(admin.send("PUT", "/api/registry/prompts/answer/guard-policies/staging", "{\"input\":[{\"check\":\"injection\",\"action\":\"block\"},"
                + "{\"check\":\"json_schema\",\"action\":\"log\",\"params\":{\"schema\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"}}}]}"), 400);
        expect(admin.send("PUT", "/api/registry/prompts/answer/guard-policies/staging", "{\"output\":[{\"check\":\"json_schema\",\"action\":\"block\","
                + "\"params\":{\"schema\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}}}]}"), 200);
        expect(carol.post("/api/eval/suites/smoke/versions", "{\"metrics\":[{\"name\":\"exact\",\"metric\":\"equals\",\"threshold\":0.5,"
                + "\"comparator\":\">=\"}],\"cases\":[{\"id\":\"c1\",\"input\":\"x\",\"expected\":\"y\"},{\"id\":\"c2\",\"input\":\"z\","
                + "\"expected\":\"w\"}]}"), 201);
        List<String> runs = new ArrayList<>();
        for (int v = 2; v <= 3; v++) {
            String body = "{\"suite\":{\"name\":\"smoke\",\"version\":1},\"subject\":{\"kind\":\"model\",\"name\":\"fraud\",\"version\":" + v
                    + "},\"target\":{\"kind\":\"predictions\"},\"predictions\":[{\"caseId\":\"c1\",\"output\":\"y\"},"
                    + "{\"caseId\":\"c2\",\"output\":\"" + (v == 2 ? "w" : "no") + "\"}]}";
            Http.Response[] started = new Http.Response[1];
            await().atMost(Duration.ofSeconds(10)).until(() -> (started[0] = carol.post("/api/eval/runs", body)).status() == 202);
            runs.add(started[0].body().get("runId").asText());
        }
        for (String run : runs) {
            await().atMost(Duration.ofSeconds(20)).until(() -> carol.get("/api/eval/runs/" + run).body().path("status").asText().equals("completed"));
        }
        expect(carol.post("/api/eval/comparisons", "{\"baselineRunId\":\"" + runs.get(0) + "\",\"candidateRunId\":\"" + runs.get(1) + "\"}"), 201);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/monitor/models/fraud/versions/3").status() == 200);
        expect(carol.send("PUT", "/api/monitor/models/fraud/policy", "{\"featureMethods\":{\"amount\":\"psi\"}}"), 200);
        expect(carol.send("PUT", "/api/monitor/models/fraud/alert-rules/errors", "{\"metric\":\"error_rate\",\"comparator\":\">\","
                + "\"threshold\":0.5,\"window\":\"PT1H\",\"severity\":\"warning\"}"), 200);
        expect(carol.send("PUT", "/api/monitor/models/fraud/alert-rules/gone", "{\"metric\":\"records\",\"comparator\":\">\","
                + "\"threshold\":5,\"window\":\"PT1H\",\"severity\":\"info\"}"), 200);
        expect(carol.delete("/api/monitor/models/fraud/alert-rules/gone"), 204);
        String ingest = admin.issueKey("svc:scorer", "ingest");
        Http scorer = admin.as(ingest);
        Instant now = Instant.now().minusSeconds(5);
        String batch = "{\"batchId\":\"replay-1\",\"records\":[{\"model\":\"fraud\",\"version\":3,"
                + "\"environment\":\"staging\",\"timestamp\":\"" + now + "\",\"features\":{\"amount\":12.5},\"prediction\":1,"
                + "\"latencyMs\":20,\"inferenceId\":\"i-1\"}]}";
        // a new key works once the key read model has it (a moment after it is issued); the batch id makes resending harmless
        await().atMost(Duration.ofSeconds(5)).until(() -> scorer.post("/api/monitor/telemetry", batch).status() == 200);
        expect(scorer.post("/api/monitor/feedback", "{\"batchId\":\"fb-1\",\"modelName\":\"fraud\",\"items\":[{\"inferenceId\":\"i-1\","
                + "\"version\":3,\"environment\":\"staging\",\"timestamp\":\"" + now + "\",\"thumbs\":\"down\",\"flags\":[\"incorrect\"]}]}"), 201);
    }

    private static void expect(Http.Response response, int status) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
    }
}
