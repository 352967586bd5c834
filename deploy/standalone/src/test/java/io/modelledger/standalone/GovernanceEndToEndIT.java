package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.platform.test.TestMongo;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The governance lifecycle through the gateway: a dataset, a model version with lineage, a protected
 * alias that is closed until an admin gives it a policy, a policy change that needs a second admin, a
 * promotion that needs an independent verdict of the pinned suite version from the version's serving
 * endpoint and two approvals by people other than the requester,
 * canary deployment, rollback, and every step in the governance log with its actor.
 */
class GovernanceEndToEndIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Platform platform;
    private static String database;
    private static Http admin;
    private static Http carol;
    private static Http dave;
    private static Http erin;
    private static Http alice;
    private static final String ENDPOINT = "https://serving.example/fraud";

    @BeforeAll
    static void start() {
        database = "governance-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(),
                                                        Http.freePort(), database, Map.of()));
        Http anonymous = new Http(platform.gatewayUrl());
        admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor", "approver"));
        dave = anonymous.as(admin.issueKey("user:dave", "approver"));
        erin = anonymous.as(admin.issueKey("user:erin", "approver"));
        // the second admin: from now on policy changes and privileged keys need both
        alice = anonymous.as(admin.issueKey("user:alice", "admin"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aProtectedAliasMovesOnlyWithEvidenceAndFourEyesAndEveryStepIsInTheLog() throws Exception {
        // a dataset, and a model whose versions were trained on it
        assertThat(carol.post("/api/registry/datasets", "{\"name\":\"transactions\",\"owner\":\"team:risk\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/datasets/transactions/versions",
                              "{\"uri\":\"s3://data/tx/2026-10\",\"sha256\":\"" + SHA + "\",\"rowCount\":1200000,"
                                      + "\"containsPersonalData\":true,\"schema\":{\"type\":\"object\"}}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/models", "{\"name\":\"fraud\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/datasets/transactions/versions/1").status() == 200);
        assertThat(names(carol.get("/api/registry/datasets?owner=team:risk"))).containsExactly("transactions");
        assertThat(names(carol.get("/api/registry/datasets?owner=team:nobody"))).isEmpty();
        String lineage = "\"lineage\":{\"trainingData\":[{\"dataset\":\"transactions\",\"version\":1}],"
                + "\"codeRepository\":\"https://git.example/fraud\",\"codeCommit\":\"a1b2c3d4e5f6\",\"trainingRunId\":\"run-42\"}";
        Http.Response v1 = carol.post("/api/registry/models/fraud/versions", version("s3://m/fraud/1", lineage));
        Http.Response v2 = carol.post("/api/registry/models/fraud/versions", version("s3://m/fraud/2", lineage));
        assertThat(v1.status()).isEqualTo(201);
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);
        Http.Response unknownData = carol.post("/api/registry/models/fraud/versions", version("s3://m/fraud/x",
                "\"lineage\":{\"trainingData\":[{\"dataset\":\"transactions\",\"version\":9}]}"));
        assertThat(unknownData.status()).isEqualTo(400);
        assertThat(unknownData.body().get("errors").get(0).get("field").asText()).isEqualTo("lineage.trainingData[0]");

        // production is closed until an admin gives it a policy; the first one holds at once
        Http.Response closed = carol.send("PUT", "/api/registry/models/fraud/aliases/production", "{\"version\":1}");
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.body().get("detail").asText()).contains("has no promotion policy yet");
        Http.Response firstPolicy = admin.send("PUT", "/api/registry/models/fraud/policies/production", "{\"requiredApprovals\":0}");
        assertThat(firstPolicy.status()).isEqualTo(200);
        assertThat(firstPolicy.body().get("status").asText()).isEqualTo("defined");
        Http.Response v1Promoted = carol.post("/api/registry/models/fraud/promotions", "{\"version\":1,\"alias\":\"production\"}");
        assertThat(v1Promoted.body().get("status").asText()).as(v1Promoted.body().toString()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(2)).until(() -> "1".equals(text(carol.get("/api/registry/models/fraud").body(), "aliases", "production")));
        assertThat(carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":1}").status()).isEqualTo(200);

        // only admins write policies, and a change needs a second admin
        String policy = "{\"requirements\":[{\"suite\":\"fraud-accuracy\",\"suiteSha256\":\"" + SHA + "\",\"minCases\":100}],"
                + "\"requiredApprovals\":2,\"requestTtl\":\"PT24H\"}";
        assertThat(carol.send("PUT", "/api/registry/models/fraud/policies/production", policy).status()).isEqualTo(403);
        Http.Response change = admin.send("PUT", "/api/registry/models/fraud/policies/production", policy);
        assertThat(change.status()).isEqualTo(202);
        assertThat(change.body().get("status").asText()).isEqualTo("pending");
        String changeUrl = change.header("Location");
        assertThat(admin.post(changeUrl + "/approvals", "{}").status()).as("the same admin cannot approve").isEqualTo(403);
        Http.Response approvedChange = alice.post(changeUrl + "/approvals", "{}");
        assertThat(approvedChange.status()).isEqualTo(200);
        assertThat(approvedChange.body().get("revision").asInt()).isEqualTo(2);
        assertThat(carol.send("PUT", "/api/registry/models/fraud/aliases/production", "{\"version\":2}").status()).isEqualTo(409);

        // no verdict, no approvals: rejected, every unmet condition listed
        Http.Response refused = carol.post("/api/registry/models/fraud/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(refused.status()).isEqualTo(201);
        assertThat(refused.body().get("status").asText()).isEqualTo("rejected");
        assertThat(refused.body().get("reasons").toString())
                .contains("no verdict of suite 'fraud-accuracy' for version 2", "0 of 2 required approvals");

        // eval-service's verdict arrives through the shared event store
        appendVerdict(new EvaluationCompleted("run-7", "fraud-accuracy", SHA, "model", "fraud", 2, true, Map.of("accuracy", 0.97),
                                              1, Map.of(), 1000, 0, "user:frank", "api", "http", ENDPOINT, "fraud-serving"));
        await().atMost(Duration.ofSeconds(3))
               .until(() -> carol.get("/api/registry/models/fraud/versions/2/verdicts").body().get("suites").toString().contains("fraud-accuracy"));

        Http.Response requested = carol.post("/api/registry/models/fraud/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(requested.body().get("status").asText()).isEqualTo("pending");
        String promotion = requested.header("Location");
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get(promotion).status() == 200);

        Http.Response first = dave.post(promotion + "/approvals", "{}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("status").asText()).isEqualTo("pending");
        assertThat(first.body().get("approvals").asInt()).isEqualTo(1);

        Http.Response self = carol.post(promotion + "/approvals", "{}");
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body().get("detail").asText()).contains("four-eyes");
        assertThat(dave.post(promotion + "/approvals", "{}").status()).as("one approver counts once").isEqualTo(409);
        assertThat(carol.post(promotion + "/approvals", "{}").status()).isEqualTo(403);

        Http.Response second = erin.post(promotion + "/approvals", "{}");
        assertThat(second.body().get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(2))
               .until(() -> carol.get("/api/registry/models/fraud/aliases/production").body().path("version").asInt() == 2);
        JsonNode history = carol.get("/api/registry/models/fraud/aliases/production/history").body().get("changes");
        assertThat(history).hasSize(2);
        assertThat(history.get(1).get("actor").asText()).isEqualTo("user:erin");
        assertThat(history.get(1).get("promotionId").asText()).isEqualTo(promotion.substring(promotion.lastIndexOf('/') + 1));
        assertThat(carol.get(promotion).body().get("status").asText()).isEqualTo("completed");
        String verdictEvent = carol.get("/api/registry/models/fraud/versions/2/verdicts").body().get("items").get(0).get("eventId").asText();
        assertThat(second.body().get("evidence").get("fraud-accuracy").asText()).as("approved on the evidence of that verdict")
                .isEqualTo(verdictEvent);
        // the auditor's views say so too: the state at an instant and the dossier
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/api/audit/models/fraud/state").body()
                                                               .path("aliases").path("production").path("version").asInt() == 2);
        assertThat(admin.get("/api/audit/models/fraud/state").body().get("aliases").get("production").get("approvedOn").asText())
                .startsWith("approved on the evidence of fraud-accuracy: verdict " + verdictEvent + " (run run-7")
                .contains("started by user:frank", ENDPOINT);
        assertThat(admin.get("/api/audit/models/fraud/dossier").raw().body())
                .contains("approved on the evidence of fraud-accuracy: verdict " + verdictEvent);

        // canary in production, then all traffic, then back
        assertThat(carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":1}").status())
                .as("production serves only the alias holder").isEqualTo(409);
        JsonNode canary = carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":2,\"percent\":10}").body();
        assertThat(canary.get("traffic").toString()).isEqualTo("[{\"version\":2,\"percent\":10},{\"version\":1,\"percent\":90}]");
        JsonNode full = carol.send("PUT", "/api/registry/models/fraud/deployments/production", "{\"version\":2,\"percent\":100}").body();
        assertThat(full.get("traffic").toString()).isEqualTo("[{\"version\":2,\"percent\":100}]");
        JsonNode rolledBack = carol.post("/api/registry/models/fraud/deployments/production/rollbacks", "{}").body();
        assertThat(rolledBack.get("traffic").toString()).isEqualTo("[{\"version\":2,\"percent\":10},{\"version\":1,\"percent\":90}]");

        // lineage, both ways
        JsonNode used = carol.get("/api/registry/models/fraud/versions/2/lineage").body();
        assertThat(used.get("datasets").get(0).get("dataset").asText()).isEqualTo("transactions");
        assertThat(used.get("codeCommit").asText()).isEqualTo("a1b2c3d4e5f6");
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/datasets/transactions/versions/1/consumers")
                                                               .body().get("modelVersions").size() == 2);

        // the governance log holds every step, each with its actor
        Map<String, List<String>> actorsByType = actorsByEventType();
        assertThat(actorsByType.get("DatasetVersionRegistered")).containsOnly("user:carol");
        assertThat(actorsByType.get("PromotionPolicyDefined")).containsExactly("bootstrap-admin", "user:alice");
        assertThat(actorsByType.get("PolicyChangeRequested")).containsExactly("bootstrap-admin");
        assertThat(actorsByType.get("PolicyChangeApproved")).containsExactly("user:alice");
        assertThat(actorsByType.get("PromotionRequested")).containsOnly("user:carol");
        assertThat(actorsByType.get("PromotionRejected")).containsOnly("user:carol");
        assertThat(actorsByType.get("PromotionApproved")).containsExactly("user:dave", "user:erin");
        assertThat(actorsByType.get("PromotionCompleted")).containsExactly("user:carol", "user:erin");
        assertThat(actorsByType.get("ModelAliasAssigned")).containsExactly("user:carol", "user:erin");
        assertThat(actorsByType.get("ModelVersionDeployed")).containsOnly("user:carol");
        assertThat(actorsByType.get("DeploymentRolledBack")).containsOnly("user:carol");
        assertThat(actorsByType.get("EvaluationCompleted")).containsOnly(SystemActors.EVAL);
    }

    @Test
    void twoConcurrentAliasMovesFromTheSameReadOneWinsTheOtherGets412() throws Exception {
        assertThat(carol.post("/api/registry/models", "{\"name\":\"race\"}").status()).isEqualTo(201);
        for (int i = 1; i <= 2; i++) {
            assertThat(carol.post("/api/registry/models/race/versions", version("s3://m/race/" + i, "\"notes\":\"v\"")).status())
                    .isEqualTo(201);
        }
        // the ETag is the version the read model reflects: the model's three events, once projected
        await().atMost(Duration.ofSeconds(2)).until(() -> "\"2\"".equals(carol.get("/api/registry/models/race").header("ETag")));
        String etag = carol.get("/api/registry/models/race").header("ETag");

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.Future<Http.Response>> moves = new ArrayList<>();
        for (int version = 1; version <= 2; version++) {
            String body = "{\"version\":" + version + "}";
            moves.add(pool.submit(() -> {
                together.await();
                return carol.send("PUT", "/api/registry/models/race/aliases/champion", body, "If-Match", etag);
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        int winner = 0;
        for (int i = 0; i < moves.size(); i++) {
            Http.Response response = moves.get(i).get();
            statuses.add(response.status());
            if (response.status() == 200) {
                winner = i + 1;
            }
        }
        pool.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        int expected = winner;
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/models/race/aliases/champion").status() == 200);
        assertThat(carol.get("/api/registry/models/race/aliases/champion").body().get("version").asInt()).isEqualTo(expected);
        assertThat(carol.get("/api/registry/models/race/aliases/champion/history").body().get("changes")).hasSize(1);

        Http.Response stale = carol.send("PUT", "/api/registry/models/race/aliases/champion", "{\"version\":1}", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        String fresh = carol.get("/api/registry/models/race").header("ETag");
        assertThat(carol.send("PUT", "/api/registry/models/race/aliases/champion", "{\"version\":" + (3 - expected) + "}",
                              "If-Match", fresh).status()).isEqualTo(200);
    }

    @Test
    void modelsAreFoundByFilterAndArchivedOrDeprecatedOnesTakeNoNewWork() {
        carol.post("/api/registry/models", "{\"name\":\"credit-high\",\"ownerTeam\":\"team:credit\",\"riskTier\":\"high\","
                + "\"taskType\":\"classification\",\"description\":\"Credit scoring for loans\",\"tags\":{\"domain\":\"lending\"}}");
        carol.post("/api/registry/models", "{\"name\":\"credit-low\",\"ownerTeam\":\"team:credit\",\"riskTier\":\"minimal\"}");
        carol.post("/api/registry/models", "{\"name\":\"chatbot\",\"ownerTeam\":\"team:support\",\"taskType\":\"generation\"}");
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/models/chatbot").status() == 200);

        assertThat(names(carol.get("/api/registry/models?owner=team:credit"))).containsExactly("credit-high", "credit-low");
        assertThat(names(carol.get("/api/registry/models?riskTier=high"))).containsExactly("credit-high");
        assertThat(names(carol.get("/api/registry/models?tag=domain:lending"))).containsExactly("credit-high");
        assertThat(names(carol.get("/api/registry/models?q=LOANS"))).containsExactly("credit-high");
        assertThat(names(carol.get("/api/registry/models?taskType=generation"))).containsExactly("chatbot");
        JsonNode page = carol.get("/api/registry/models?owner=team:credit&limit=1").body();
        assertThat(page.get("next").asText()).isEqualTo("credit-high");
        assertThat(names(carol.get("/api/registry/models?owner=team:credit&limit=1&after=credit-high"))).containsExactly("credit-low");
        assertThat(carol.get("/api/registry/models?riskTier=extreme").status()).isEqualTo(400);

        for (int i = 1; i <= 3; i++) {
            carol.post("/api/registry/models/credit-high/versions", version("s3://m/credit/" + i, "\"notes\":\"n\"")
                    .replace("\"framework\":\"sklearn\"", "\"framework\":\"" + (i == 2 ? "xgboost" : "sklearn") + "\""));
        }
        assertThat(carol.send("PATCH", "/api/registry/models/credit-high/versions/1", "{\"deprecated\":true,\"reason\":\"leaks a feature\"}")
                        .status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/models/credit-high/versions/1").body().get("deprecated").asBoolean());
        assertThat(versions(carol.get("/api/registry/models/credit-high/versions?deprecated=false"))).containsExactly(2, 3);
        assertThat(versions(carol.get("/api/registry/models/credit-high/versions?framework=xgboost"))).containsExactly(2);
        assertThat(carol.send("PUT", "/api/registry/models/credit-high/aliases/champion", "{\"version\":1}").status())
                .as("a deprecated version takes no alias").isEqualTo(409);

        assertThat(carol.send("PATCH", "/api/registry/models/credit-low", "{\"archived\":true,\"riskTier\":\"limited\"}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(2)).until(() -> !names(carol.get("/api/registry/models?owner=team:credit")).contains("credit-low"));
        assertThat(names(carol.get("/api/registry/models?owner=team:credit&includeArchived=true"))).contains("credit-low");
        assertThat(carol.get("/api/registry/models/credit-low").body().get("riskTier").asText()).isEqualTo("limited");
        assertThat(carol.post("/api/registry/models/credit-low/versions", version("s3://m/low/1", "\"notes\":\"n\"")).status())
                .as("an archived model takes no new version").isEqualTo(409);
        assertThat(carol.send("PATCH", "/api/registry/models/credit-low", "{\"archived\":false}").status()).isEqualTo(202);
        assertThat(carol.post("/api/registry/models/credit-low/versions", version("s3://m/low/1", "\"notes\":\"n\"")).status()).isEqualTo(201);
    }

    @Test
    void promptsHaveImmutableVersionsAliasesStrictRenderingAndDiffs() {
        assertThat(carol.post("/api/registry/prompts", "{\"name\":\"support-answer\",\"description\":\"support bot\"}").status())
                .isEqualTo(201);
        Http.Response v1 = carol.post("/api/registry/prompts/support-answer/versions",
                "{\"template\":\"Answer {{customer}} about {{topic}}.\\nBe brief.\",\"targetProvider\":\"openai\","
                        + "\"targetModel\":\"gpt-4o-mini\",\"parameters\":{\"temperature\":0.2},\"commitMessage\":\"first\"}");
        assertThat(v1.status()).isEqualTo(201);
        assertThat(v1.body().get("variables").toString()).isEqualTo("[\"customer\",\"topic\"]");
        Http.Response v2 = carol.post("/api/registry/prompts/support-answer/versions",
                "{\"template\":\"Answer {{customer}} about {{topic}}.\\nBe kind and brief.\",\"targetProvider\":\"openai\","
                        + "\"targetModel\":\"gpt-4o\",\"parameters\":{\"temperature\":0.2},\"commitMessage\":\"kinder\"}");
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);
        assertThat(carol.post("/api/registry/prompts/support-answer/versions",
                "{\"template\":\"Hi {{name}}\",\"variables\":[\"name\",\"extra\"],\"commitMessage\":\"bad\"}").status()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/prompts/support-answer/versions/2").status() == 200);

        JsonNode rendered = carol.post("/api/registry/prompts/support-answer/versions/1/render",
                                       "{\"variables\":{\"customer\":\"Ada\",\"topic\":\"refunds\"}}").body();
        assertThat(rendered.get("text").asText()).isEqualTo("Answer Ada about refunds.\nBe brief.");
        Http.Response missing = carol.post("/api/registry/prompts/support-answer/versions/1/render",
                                           "{\"variables\":{\"customer\":\"Ada\",\"tone\":\"warm\"}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("errors").get(0).get("field").asText()).isEqualTo("variables.topic");
        assertThat(missing.body().get("errors").get(0).get("message").asText()).contains("topic missing", "tone unknown");

        JsonNode diff = carol.get("/api/registry/prompts/support-answer/diff?from=1&to=2").body();
        assertThat(diff.get("templateDiff").asText()).contains("-Be brief.", "+Be kind and brief.");
        assertThat(diff.get("changedFields").get("targetModel").toString()).isEqualTo("[\"gpt-4o-mini\",\"gpt-4o\"]");

        assertThat(carol.send("PUT", "/api/registry/prompts/support-answer/aliases/staging", "{\"version\":1}").status()).isEqualTo(200);
        assertThat(carol.send("PUT", "/api/registry/prompts/support-answer/aliases/staging", "{\"version\":2}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get("/api/registry/prompts/support-answer/aliases/staging/history")
                                                               .body().get("changes").size() == 2);
        assertThat(carol.get("/api/registry/prompts/support-answer/aliases/staging").body().get("version").asInt()).isEqualTo(2);
        assertThat(names(carol.get("/api/registry/prompts?alias=staging&q=SUPPORT"))).containsExactly("support-answer");
        assertThat(names(carol.get("/api/registry/prompts?alias=champion"))).isEmpty();

        // production becomes protected: the next move needs a passing verdict for the prompt version and an approval
        assertThat(admin.send("PUT", "/api/registry/prompts/support-answer/policies/production",
                              "{\"requirements\":[{\"suite\":\"tone-check\",\"suiteSha256\":\"" + SHA + "\"}],\"requiredApprovals\":1}")
                        .status()).isEqualTo(200);
        assertThat(carol.send("PUT", "/api/registry/prompts/support-answer/aliases/production", "{\"version\":1}").status())
                .isEqualTo(409);
        appendVerdict(new EvaluationCompleted("run-8", "tone-check", SHA, "prompt", "support-answer", 1, true, Map.of(), 1, Map.of(),
                                              10, 0, "user:frank", "api", "openai", "https://llm.example/v1", "support-llm"));
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.get("/api/registry/prompts/support-answer/versions/1/verdicts")
                                                               .body().get("suites").toString().contains("tone-check"));
        Http.Response requested = carol.post("/api/registry/prompts/support-answer/promotions", "{\"version\":1,\"alias\":\"production\"}");
        assertThat(requested.body().get("status").asText()).isEqualTo("pending");
        String promotion = requested.header("Location");
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get(promotion).status() == 200);
        assertThat(carol.post(promotion + "/approvals", "{}").status()).as("four-eyes").isEqualTo(403);
        assertThat(dave.post(promotion + "/approvals", "{}").body().get("status").asText()).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(2))
               .until(() -> carol.get("/api/registry/prompts/support-answer/aliases/production").body().path("version").asInt() == 1);
    }

    private static List<String> names(Http.Response page) {
        List<String> names = new ArrayList<>();
        page.body().get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    private static List<Integer> versions(Http.Response page) {
        List<Integer> versions = new ArrayList<>();
        page.body().get("items").forEach(item -> versions.add(item.get("version").asInt()));
        return versions;
    }

    private static String version(String uri, String lineage) {
        return "{\"artifactUri\":\"" + uri + "\",\"sha256\":\"" + SHA + "\",\"framework\":\"sklearn\","
                + "\"hyperParameters\":{\"max_depth\":6},\"trainingMetrics\":{\"auc\":0.93},\"servingEndpoint\":\"" + ENDPOINT + "\","
                + lineage + "}";
    }

    /** As eval-service will: append the verdict to the shared event store as a system actor. */
    private static void appendVerdict(EvaluationCompleted verdict) {
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                    .database(client.getDatabase(database))
                                                                    .eventSerializer(AxonJackson.serializer())
                                                                    .snapshotSerializer(AxonJackson.serializer())
                                                                    .build();
            engine.appendEvents(new GenericEventMessage<>(verdict, MetaData.from(
                    SystemMetadata.of(SystemActors.EVAL, "evaluation run finished"))));
        }
    }

    private static Map<String, List<String>> actorsByEventType() throws Exception {
        Map<String, List<String>> actors = new java.util.HashMap<>();
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            List<Document> events = new ArrayList<>();
            client.getDatabase(database).getCollection("event_commits").find().sort(new Document("_id", 1))
                  .forEach(commit -> events.addAll(commit.getList("events", Document.class)));
            for (Document event : events) {
                // this scenario's events only: the other tests of the class share the store
                boolean ours = List.of("model:fraud", "dataset:transactions").contains(event.getString("aggregateIdentifier"))
                        || event.getString("payload").contains("\"subjectName\":\"fraud\"");
                if (!ours) {
                    continue;
                }
                String type = event.getString("payloadType");
                String simple = type.substring(type.lastIndexOf('.') + 1);
                actors.computeIfAbsent(simple, t -> new ArrayList<>())
                      .add(JSON.readTree(event.getString("metaData")).get("actor").asText());
            }
        }
        return actors;
    }

    private static String text(JsonNode node, String... path) {
        for (String step : path) {
            node = node == null ? null : node.get(step);
        }
        return node == null ? null : node.asText();
    }
}
