package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Evaluation through the gateway against a local OpenAI-compatible server that answers deterministically,
 * throttles some first calls with 429 and stalls one past the run's timeout: a suite is uploaded, two
 * prompt versions are run on it, the verdict reaches the registry and satisfies its promotion policy, an
 * A/B comparison names the better version, and a run survives a restart of eval-service.
 */
class EvaluationEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-" + UUID.randomUUID();
    private static final Map<String, String> ANSWERS = new LinkedHashMap<>();
    private static Platform platform;
    private static Http carol;
    private static Http dave;
    private static Http admin;
    private static OpenAiCompatibleStub llm;

    static {
        String[] topics = {"refund", "shipping", "warranty", "invoice", "password", "delivery", "exchange", "discount",
                           "account", "subscription"};
        String[] facts = {"takes 5 business days", "is free above 50 euros", "lasts 24 months", "is sent by e-mail",
                          "can be reset from the login page", "arrives within 3 days", "is possible within 30 days",
                          "applies to first orders", "can be closed in the settings", "renews every month"};
        for (int i = 0; i < 30; i++) {
            ANSWERS.put("Question " + i + ": how does the " + topics[i % 10] + " work?", "The " + topics[i % 10] + " " + facts[i % 10]);
        }
    }

    /** Version 2's template asks to cite the policy and gets right answers; version 1 mostly gets evasions. */
    private static String respond(String message) {
        boolean cites = message.startsWith("Cite the policy.");
        String question = message.substring(message.indexOf("Question "));
        String answer = ANSWERS.get(question);
        int number = Integer.parseInt(question.substring(9, question.indexOf(':')));
        if (cites) {
            return "According to our policy: " + answer + ".";
        }
        return number % 4 == 0 ? answer + "." : "I am not sure, sorry.";
    }

    @BeforeAll
    static void start() {
        llm = new OpenAiCompatibleStub(KEY, EvaluationEndToEndIT::respond, 0, 7, Set.of("warranty"), 2500);
        String database = "evaluation-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort(),
                                                        database, Map.of("modelledger.eval.secrets.openai", KEY,
                                                                         "modelledger.eval.backoff", "20ms",
                                                                         "modelledger.eval.poll", "200ms",
                                                                         "modelledger.eval.targets.support-llm.kind", "openai",
                                                                         "modelledger.eval.targets.support-llm.base-url", llm.baseUrl(),
                                                                         "modelledger.eval.targets.support-llm.secret", "openai",
                                                                         "modelledger.eval.targets.support-llm.timeout-ms", "1000",
                                                                         "modelledger.eval.targets.support-llm.max-attempts", "4",
                                                                         // the stub listens on loopback: allowed here, as the standalone sample does
                                                                         "modelledger.eval.secret-hosts.openai", "127.0.0.1"))
                .with(Map.of("modelledger.outbound.allow-internal", "127.0.0.1")));
        Http anonymous = new Http(platform.gatewayUrl());
        admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor"));
        dave = anonymous.as(admin.issueKey("user:dave", "approver"));
        assertThat(carol.post("/api/registry/prompts", "{\"name\":\"support\",\"description\":\"support answers\"}").status()).isEqualTo(201);
        for (String template : new String[]{"{{question}}", "Cite the policy. {{question}}"}) {
            assertThat(carol.post("/api/registry/prompts/support/versions",
                                  "{\"template\":\"" + template + "\",\"targetProvider\":\"openai\",\"targetModel\":\"gpt-4o-mini\","
                                          + "\"parameters\":{\"temperature\":0},\"commitMessage\":\"v\"}").status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    private static String suite(String metrics, int cases) {
        ObjectNode suite = JSON.createObjectNode().put("description", "support answers are right and cite the policy");
        suite.set("metrics", readTree(metrics));
        ArrayNode array = suite.putArray("cases");
        ANSWERS.entrySet().stream().limit(cases).forEach(e -> {
            ObjectNode c = array.addObject().put("id", "q" + array.size()).put("expected", e.getValue());
            c.putObject("variables").put("question", e.getKey());
        });
        return suite.toString();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String startRun(String suite, int promptVersion, String target, String idempotencyKey) {
        String body = "{\"suite\":{\"name\":\"" + suite + "\"},\"subject\":{\"kind\":\"prompt\",\"name\":\"support\",\"version\":"
                + promptVersion + "},\"target\":" + target + "}";
        Http.Response[] started = new Http.Response[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            started[0] = carol.post("/api/eval/runs", body, "Idempotency-Key", idempotencyKey);
            return started[0].status() == 202;
        });
        return started[0].body().get("runId").asText();
    }

    private static JsonNode awaitRun(String runId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
               .until(() -> {
                   Http.Response run = carol.get("/api/eval/runs/" + runId);
                   return run.status() == 200 && !"running".equals(run.body().get("status").asText());
               });
        JsonNode run = carol.get("/api/eval/runs/" + runId).body();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo(status);
        return run;
    }

    @Test
    void aVerdictFromARealEndpointGatesPromotionAndAComparisonNamesTheBetterPrompt() {
        String metrics = "[{\"metric\":\"contains\",\"name\":\"correct\",\"threshold\":0.9},"
                + "{\"metric\":\"regex\",\"name\":\"cites_policy\",\"params\":{\"pattern\":\"(?i)policy\"},\"threshold\":0.9},"
                + "{\"metric\":\"semantic_similarity\",\"threshold\":0.5},{\"metric\":\"pii\",\"threshold\":0},"
                + "{\"metric\":\"error_rate\",\"threshold\":0.05},{\"metric\":\"latency_p95\"},{\"metric\":\"cost_total\"}]";
        Http.Response uploaded = carol.post("/api/eval/suites/support-quality/versions", suite(metrics, 30));
        assertThat(uploaded.status()).as(String.valueOf(uploaded.body())).isEqualTo(201);
        assertThat(uploaded.body().get("sha256").asText()).hasSize(64);
        Http.Response again = carol.post("/api/eval/suites/support-quality/versions", suite(metrics, 30));
        assertThat(again.status()).as("the same content is the same version").isEqualTo(200);
        assertThat(again.body().get("version").asInt()).isEqualTo(1);
        Http.Response invalid = carol.post("/api/eval/suites/support-quality/versions",
                                           suite("[{\"metric\":\"regex\",\"params\":{\"pattern\":\"(\"}}]", 3));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("errors").get(0).get("field").asText()).isEqualTo("metrics[0].params.pattern");

        // production's policy pins this suite version; runs of prompts count only against the admin-configured target
        String pinned = uploaded.body().get("sha256").asText();
        assertThat(admin.send("PUT", "/api/registry/prompts/support/policies/production",
                              "{\"requirements\":[{\"suite\":\"support-quality\",\"suiteSha256\":\"" + pinned + "\","
                                      + "\"independent\":false,\"minCases\":30}],\"requiredApprovals\":1}").status()).isEqualTo(200);
        String target = "{\"name\":\"support-llm\",\"concurrency\":8}";
        Http.Response overridden = carol.post("/api/eval/runs", "{\"suite\":{\"name\":\"support-quality\"},\"subject\":"
                + "{\"kind\":\"prompt\",\"name\":\"support\",\"version\":2},\"target\":{\"name\":\"support-llm\","
                + "\"baseUrl\":\"http://127.0.0.1:9/v1\"}}");
        assertThat(overridden.status()).as("a run cannot re-point a named target").isEqualTo(400);
        assertThat(overridden.body().get("errors").get(0).get("field").asText()).isEqualTo("target.baseUrl");
        Http.Response noSecret = carol.post("/api/eval/runs", "{\"suite\":{\"name\":\"support-quality\"},\"subject\":"
                + "{\"kind\":\"prompt\",\"name\":\"support\",\"version\":2},\"target\":{\"kind\":\"openai\",\"baseUrl\":\""
                + llm.baseUrl() + "\",\"secret\":\"nope\"}}");
        assertThat(noSecret.status()).isEqualTo(400);
        assertThat(noSecret.body().get("errors").get(0).get("field").asText()).isEqualTo("target.secret");

        String key = UUID.randomUUID().toString();
        String good = startRun("support-quality", 2, target, key);
        assertThat(startRun("support-quality", 2, target, key)).as("a retried start is the same run").isEqualTo(good);
        JsonNode goodRun = awaitRun(good, "completed");
        assertThat(goodRun.get("passed").asBoolean()).as(goodRun.toString()).isTrue();
        assertThat(goodRun.get("casesDone").asInt()).isEqualTo(30);
        assertThat(goodRun.get("casesFailed").asInt()).isZero();
        assertThat(goodRun.get("metrics").get("correct").asDouble()).isEqualTo(1.0);
        assertThat(goodRun.get("metrics").get("semantic_similarity").asDouble()).isGreaterThan(0.5);
        assertThat(goodRun.get("metrics").get("cost_total").asDouble()).isPositive();
        assertThat(llm.throttled()).as("some calls were throttled").isGreaterThan(0);
        assertThat(llm.hung()).as("one call timed out").isGreaterThan(0);
        JsonNode results = carol.get("/api/eval/runs/" + good + "/results?limit=30").body().get("results");
        int retried = 0;
        for (JsonNode result : results) {
            retried += result.get("attempts").asInt() > 1 ? 1 : 0;
        }
        assertThat(retried).as("throttled and timed-out calls were retried").isGreaterThanOrEqualTo(llm.throttled());

        // the verdict reached the registry, whose policy now lets version 2 be promoted with one approval
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/registry/prompts/support/versions/2/verdicts")
                                                               .body().toString().contains("support-quality"));
        Http.Response promotion = carol.post("/api/registry/prompts/support/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(promotion.body().get("status").asText()).as(promotion.body().toString()).isEqualTo("pending");
        String location = promotion.header("Location");
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get(location).status() == 200);
        assertThat(dave.post(location + "/approvals", "{}").body().get("status").asText()).isEqualTo("completed");

        // version 1 fails the same suite, and the comparison says version 2 is better
        String bad = startRun("support-quality", 1, target, UUID.randomUUID().toString());
        JsonNode badRun = awaitRun(bad, "completed");
        assertThat(badRun.get("passed").asBoolean()).isFalse();
        assertThat(badRun.get("verdicts").get("correct").get("passed").asBoolean()).isFalse();
        Http.Response refused = carol.post("/api/registry/prompts/support/promotions", "{\"version\":1,\"alias\":\"production\"}");
        assertThat(refused.body().get("status").asText()).isEqualTo("rejected");

        Http.Response comparison = carol.post("/api/eval/comparisons",
                                              "{\"baselineRunId\":\"" + bad + "\",\"candidateRunId\":\"" + good + "\"}");
        assertThat(comparison.status()).as(String.valueOf(comparison.body())).isEqualTo(201);
        JsonNode compared = comparison.body();
        assertThat(compared.get("outcome").asText()).isEqualTo("candidate-better");
        JsonNode correct = compared.get("metrics").get("correct");
        assertThat(correct.get("test").asText()).isEqualTo("mcnemar");
        assertThat(correct.get("pValue").asDouble()).isLessThan(0.001);
        assertThat(correct.get("better").asText()).isEqualTo("candidate");
        assertThat(correct.get("ciLow").asDouble()).isPositive();
        assertThat(compared.get("metrics").get("semantic_similarity").get("test").asText()).isEqualTo("wilcoxon");
        String id = compared.get("comparisonId").asText();
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.get("/api/eval/comparisons/" + id).status() == 200);
    }

    @Test
    void aRunSurvivesARestartOfTheEvalService() {
        try (OpenAiCompatibleStub slow = new OpenAiCompatibleStub(KEY, EvaluationEndToEndIT::respond, 120, 0, Set.of(), 0)) {
            assertThat(carol.post("/api/eval/suites/support-slow/versions",
                                  suite("[{\"metric\":\"contains\",\"threshold\":0.5}]", 30)).status()).isEqualTo(201);
            String target = "{\"kind\":\"openai\",\"baseUrl\":\"" + slow.baseUrl() + "\",\"secret\":\"openai\",\"concurrency\":2}";
            String run = startRun("support-slow", 2, target, UUID.randomUUID().toString());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Http.Response progress = carol.get("/api/eval/runs/" + run);
                return progress.status() == 200 && progress.body().get("casesDone").asInt() >= 6;
            });
            platform.stop(Platform.Service.EVAL);
            platform.startService(Platform.Service.EVAL);
            JsonNode finished = awaitRun(run, "completed");
            assertThat(finished.get("casesDone").asInt()).isEqualTo(30);
            assertThat(finished.get("passed").asBoolean()).isTrue();
            Set<String> cases = new HashSet<>();
            carol.get("/api/eval/runs/" + run + "/results?limit=100").body().get("results")
                 .forEach(r -> cases.add(r.get("caseId").asText()));
            assertThat(cases).hasSize(30);
            assertThat(slow.requests()).as("answered cases were not asked again").isLessThanOrEqualTo(30 + 2);
        }
    }
}
