package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import io.modelledger.contracts.access.AccessMatrix;
import io.modelledger.contracts.access.Roles;
import io.modelledger.platform.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four-eyes against a hostile insider, through the real gateway and services: percent-encoded paths do
 * not turn a contributor into an admin or an approver, a protected alias is closed until an admin gives it
 * a policy, policy changes and privileged keys need a second admin, and the evidence a policy asks for
 * cannot be produced by the person who wants the promotion.
 */
class FourEyesBypassIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARTIFACT_SHA = "0123456789abcdef".repeat(4);
    private static final Map<String, String> TRUTH = Map.of("alpha", "yes", "beta", "no", "gamma", "yes");
    private static Platform platform;
    private static String database;
    private static HttpServer serving;
    private static String endpoint;
    private static Http admin;
    private static Http alice;
    private static Http carol;
    private static Http mallory;
    private static Http dave;
    private static Http viewer;

    @BeforeAll
    static void start() throws IOException {
        // the model's real serving endpoint: it answers every case right
        serving = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serving.createContext("/predict", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            byte[] answer = JSON.createObjectNode().put("output", TRUTH.getOrDefault(request.path("input").asText(), "?"))
                                .toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        serving.start();
        endpoint = "http://127.0.0.1:" + serving.getAddress().getPort() + "/predict";

        database = "foureyes-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort(),
                                                        database, Map.of("modelledger.gateway.limits.requests-per-second", "5000",
                                                                         "modelledger.gateway.limits.burst", "5000",
                                                                         // the version's serving endpoint, as an admin configured it for runs
                                                                         "modelledger.eval.targets.victim-serving.kind", "http",
                                                                         "modelledger.eval.targets.victim-serving.url", endpoint,
                                                                         "modelledger.eval.targets.victim-serving.request-template",
                                                                         "{\"input\":\"{{input}}\"}",
                                                                         "modelledger.eval.targets.victim-serving.output-pointer", "/output",
                                                                         "modelledger.eval.poll", "200ms",
                                                                         // the serving endpoint listens on loopback
                                                                         "modelledger.outbound.allow-internal", "127.0.0.1")));
        Http anonymous = new Http(platform.gatewayUrl());
        admin = anonymous.as(platform.bootstrapAdminKey().orElseThrow());
        carol = anonymous.as(admin.issueKey("user:carol", "contributor"));
        mallory = anonymous.as(admin.issueKey("user:mallory", "contributor"));
        viewer = anonymous.as(admin.issueKey("user:vic", "viewer"));
        dave = anonymous.as(admin.issueKey("user:dave", "approver"));
        alice = anonymous.as(admin.issueKey("user:alice", "admin"));
        await().atMost(Duration.ofSeconds(3)).until(() -> admin.get("/api/access/keys").body().toString().contains("user:alice"));

        assertThat(carol.post("/api/registry/models", "{\"name\":\"victim\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/prompts", "{\"name\":\"pvictim\"}").status()).isEqualTo(201);
        assertThat(carol.post("/api/registry/prompts/pvictim/versions", "{\"template\":\"Hi {{name}}\",\"commitMessage\":\"v1\"}").status())
                .isEqualTo(201);
        for (int i = 1; i <= 2; i++) {
            assertThat(carol.post("/api/registry/models/victim/versions", "{\"artifactUri\":\"s3://m/victim/" + i + "\",\"sha256\":\""
                    + ARTIFACT_SHA + "\",\"framework\":\"sklearn\",\"servingEndpoint\":\"" + endpoint + "\"}").status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (serving != null) {
            serving.stop(0);
        }
    }

    @Test
    void theChainedBypassLeavesProductionOnVersionOneAndTheHonestPathWorks() {
        // production is closed until an admin defines a policy
        Http.Response closed = carol.post("/api/registry/models/victim/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.body().get("detail").asText()).contains("has no promotion policy yet");
        assertThat(carol.send("PUT", "/api/registry/models/victim/aliases/production", "{\"version\":1}").status()).isEqualTo(409);

        // an encoded letter does not make a contributor a policy admin
        Http.Response encoded = carol.send("PUT", "/api/registry/models/victim/%70olicies/production", "{\"requiredApprovals\":0}");
        assertThat(encoded.status()).isEqualTo(403);
        assertThat(encoded.header("Content-Type")).startsWith("application/problem+json");

        // the first policy holds at once: version 1 goes to production with no evidence needed yet
        assertThat(admin.send("PUT", "/api/registry/models/victim/policies/production", "{\"requiredApprovals\":0}").status()).isEqualTo(200);
        assertThat(carol.post("/api/registry/models/victim/promotions", "{\"version\":1,\"alias\":\"production\"}")
                        .body().get("status").asText()).isEqualTo("completed");
        awaitProduction(1);

        // suite S v1 gates on accuracy over three cases; the admins pin it, four-eyes
        String pinned = publish("S", "[{\"metric\":\"accuracy\",\"threshold\":0.9}]", List.of("alpha", "beta", "gamma"));
        String policy = "{\"requirements\":[{\"suite\":\"S\",\"suiteSha256\":\"" + pinned + "\",\"minCases\":3}],\"requiredApprovals\":1}";
        Http.Response change = admin.send("PUT", "/api/registry/models/victim/policies/production", policy);
        assertThat(change.status()).isEqualTo(202);
        String changeUrl = change.header("Location");
        assertThat(admin.post(changeUrl + "/approvals", "{}").status()).as("admin A's own approval").isEqualTo(403);
        assertThat(carol.post(changeUrl.replace("/changes/", "/%63hanges/") + "/approvals", "{}").status()).isEqualTo(403);
        assertThat(alice.post(changeUrl + "/approvals", "{}").body().get("revision").asInt()).isEqualTo(2);

        // 1. a one-case version of S with no threshold gives no verdict at all
        String weak = publish("S", "[{\"metric\":\"accuracy\"}]", List.of("alpha"));
        JsonNode noVerdict = awaitRun(startRun(carol, "S", 2, 2, "{\"kind\":\"predictions\"}", Map.of("c1", "no")));
        assertThat(noVerdict.hasNonNull("passed")).as(noVerdict.toString()).isFalse();
        assertThat(noVerdict.get("metrics").get("accuracy").asDouble()).isZero();
        // the contributor's own right answers for the pinned version, as uploaded predictions
        JsonNode ownPredictions = awaitRun(startRun(carol, "S", 1, 2, "{\"kind\":\"predictions\"}",
                                                    Map.of("c1", "yes", "c2", "no", "c3", "yes")));
        assertThat(ownPredictions.get("passed").asBoolean()).isTrue();
        // and a run of the pinned suite against a server the contributor controls
        JsonNode ownServer = awaitRun(startRun(carol, "S", 1, 2, "{\"kind\":\"http\",\"url\":\"" + endpoint.replace("/predict", "/predict?fake=1")
                + "\",\"requestTemplate\":\"{\\\"input\\\":\\\"{{input}}\\\"}\",\"outputPointer\":\"/output\"}", null));
        assertThat(ownServer.get("passed").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.get("/api/registry/models/victim/versions/2/verdicts")
                                                               .body().get("items").size() == 3);

        // 2. the request is refused, naming every unmet condition of every run
        Http.Response refused = carol.post("/api/registry/models/victim/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(refused.body().get("status").asText()).isEqualTo("rejected");
        assertThat(refused.body().get("reasons").toString())
                .contains("uploaded predictions are not accepted", "started by the requester user:carol",
                          "is not the pinned", "1 case(s), fewer than the 3", "the suite gates on no metric",
                          "not an admin-configured named target");
        assertThat(weak).isNotEqualTo(pinned);
        awaitProduction(1);

        // 3. an independent endpoint run of the pinned version by a second person is evidence
        JsonNode independent = awaitRun(startRun(mallory, "S", 1, 2, "{\"name\":\"victim-serving\"}", null));
        assertThat(independent.get("passed").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> carol.get("/api/registry/models/victim/versions/2/verdicts")
                                                               .body().get("items").size() == 4);
        Http.Response requested = carol.post("/api/registry/models/victim/promotions", "{\"version\":2,\"alias\":\"production\"}");
        assertThat(requested.body().get("status").asText()).as(requested.body().toString()).isEqualTo("pending");
        String promotion = requested.header("Location");
        await().atMost(Duration.ofSeconds(2)).until(() -> carol.get(promotion).status() == 200);

        // 4. a second contributor's encoded approval, in every spelling, is refused and changes nothing
        String promotionId = promotion.substring(promotion.lastIndexOf('/') + 1);
        for (String spelling : List.of("%61pprovals", "%41pprovals", "a%70provals", "approval%73", "%2561pprovals", "approvals/",
                                       "approvals;jsessionid=x")) {
            Http.Response bypass = mallory.post("/api/registry/models/victim/promotions/" + promotionId + "/" + spelling, "{}");
            assertThat(bypass.status()).as(spelling).isIn(400, 403, 404);
        }
        assertThat(carol.post(promotion + "/approvals", "{}").status()).as("a contributor approves nothing").isEqualTo(403);
        awaitProduction(1);

        // the approver's approval completes it, on the evidence of the independent run's verdict
        Http.Response approved = dave.post(promotion + "/approvals", "{}");
        assertThat(approved.body().get("status").asText()).isEqualTo("completed");
        String verdictEventId = verdictEventIdOf(independent.get("runId").asText());
        assertThat(approved.body().get("evidence").get("S").asText()).isEqualTo(verdictEventId);
        awaitProduction(2);
        assertThat(carol.get(promotion).body().get("evidence").get("S").asText()).isEqualTo(verdictEventId);
        assertThat(storedPayloads("PromotionCompleted")).anyMatch(p -> p.contains(verdictEventId));
    }

    @Test
    void anAdminAloneGetsARequestNotAnApproverKeyAndNoAdminEverSeesItsSecret() {
        Http.Response withoutOwner = admin.post("/api/access/keys", "{\"name\":\"ghost\",\"owner\":\"user:ghost\",\"roles\":[\"approver\"]}");
        assertThat(withoutOwner.status()).as("a privileged key is made by its owner").isEqualTo(400);
        assertThat(withoutOwner.body().get("errors").get(0).get("field").asText()).isEqualTo("secretSha256");
        assertThat(admin.post("/api/access/keys", "{\"name\":\"sys\",\"owner\":\"system:eval-service\",\"roles\":[\"viewer\"]}").status())
                .as("nobody can be a system actor").isEqualTo(400);
        // the owner makes the key and hands over only its id and the hash of its secret
        io.modelledger.contracts.access.ApiKeyToken owned = io.modelledger.contracts.access.ApiKeyToken.generate(new java.security.SecureRandom());
        Http.Response pending = admin.post("/api/access/keys", "{\"name\":\"ghost\",\"owner\":\"user:ghost\",\"roles\":[\"approver\"],"
                + "\"keyId\":\"" + owned.keyId() + "\",\"secretSha256\":\"" + owned.secretSha256() + "\"}");
        assertThat(pending.status()).isEqualTo(202);
        assertThat(pending.body().has("key")).isFalse();
        assertThat(pending.body().get("status").asText()).isEqualTo("pending");
        String approvals = pending.header("Location");
        assertThat(admin.post(approvals, "{}").status()).as("the requesting admin").isEqualTo(403);
        assertThat(dave.post(approvals, "{}").status()).as("an approver is no admin").isEqualTo(403);
        Http.Response issued = alice.post(approvals, "{}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.raw().body()).doesNotContain(owned.reveal());
        Http ghost = new Http(platform.gatewayUrl()).as(owned.reveal());
        await().atMost(Duration.ofSeconds(3)).until(() -> ghost.get("/api/registry/models").status() == 200);
        // keys without a privileged role need no second admin
        assertThat(admin.post("/api/access/keys", "{\"name\":\"bot\",\"owner\":\"key:bot\",\"roles\":[\"viewer\"]}").status()).isEqualTo(201);
    }

    /**
     * Every row of the access matrix, with its protected segment spelled every ambiguous way, by a caller
     * whose role that row does not allow: through the gateway and straight to the service with a valid
     * internal token. Each answer is 400, 403 or 404, and the subjects' event streams do not change.
     */
    @Test
    void noSpellingOfAMatrixRowLetsALowerRoleThrough() throws Exception {
        for (String role : List.of(Roles.VIEWER, Roles.CONTRIBUTOR, Roles.INGEST, Roles.AUDITOR)) {
            keyFor(role);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> admin.get("/api/access/keys").body().toString().contains("user:auditor-probe"));
        List<String> before = subjectEvents();
        HttpClient client = HttpClient.newHttpClient();
        int checked = 0;
        for (AccessMatrix.Rule rule : AccessMatrix.RULES) {
            String role = Roles.ASSIGNABLE.stream().filter(r -> !rule.roles().contains(r)).findFirst().orElse(null);
            if (role == null) {
                continue;
            }
            String method = rule.method().equals("*") ? "PUT" : rule.method();
            String path = concrete(rule.pattern());
            String gatewayKey = keyFor(role);
            String internal = platform.internalToken("user:" + role + "-direct", role);
            String service = platform.serviceUrl(serviceOf(path));
            for (String variant : variants(rule.pattern(), path)) {
                for (boolean direct : new boolean[]{false, true}) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create((direct ? service : platform.gatewayUrl()) + variant))
                            .header("Authorization", "Bearer " + (direct ? internal : gatewayKey))
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{\"requiredApprovals\":0,\"version\":1,"
                                    + "\"alias\":\"production\",\"name\":\"x\",\"roles\":[\"admin\"]}"))
                            .timeout(Duration.ofSeconds(20)).build();
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertThat(status).as("%s %s as %s %s", method, variant, role, direct ? "directly" : "through the gateway")
                                      .isIn(400, 403, 404);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(300);
        assertThat(subjectEvents()).as("no subject changed").isEqualTo(before);
    }

    /** A path matching the pattern: {@code *} a name that exists, {@code **} one more segment. */
    private static String concrete(String pattern) {
        String path = pattern.replace("/**", "/production");
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("*")) {
                parts[i] = i == 4 ? (path.contains("/prompts/") ? "pvictim" : "victim") : "p-1";
            }
        }
        return String.join("/", parts);
    }

    /** The path spelled every way a matcher and a handler might read differently, around the rule's last literal segment. */
    private static Set<String> variants(String pattern, String path) {
        String[] literal = pattern.split("/");
        String[] parts = path.split("/");
        int at = literal.length - 1;
        while (literal[at].equals("*") || literal[at].equals("**")) {
            at--;
        }
        String word = parts[at];
        Set<String> variants = new LinkedHashSet<>();
        for (int i = 0; i < word.length(); i++) {
            String hex = String.format("%02x", (int) word.charAt(i));
            variants.add(with(parts, at, word.substring(0, i) + "%" + hex + word.substring(i + 1)));
            variants.add(with(parts, at, word.substring(0, i) + "%" + hex.toUpperCase(Locale.ROOT) + word.substring(i + 1)));
        }
        variants.add(with(parts, at, "%25" + String.format("%02x", (int) word.charAt(0)) + word.substring(1)));
        variants.add(with(parts, at, word + ";jsessionid=x"));
        variants.add(with(parts, at, "/" + word));
        variants.add(with(parts, at, "./" + word));
        variants.add(with(parts, at, word.toUpperCase(Locale.ROOT)));
        variants.add(with(parts, at, Character.toUpperCase(word.charAt(0)) + word.substring(1)));
        variants.add(path + "/");
        variants.add(path + ";jsessionid=x");
        return variants;
    }

    private static String with(String[] parts, int at, String replacement) {
        String[] copy = parts.clone();
        copy[at] = replacement;
        return String.join("/", copy);
    }

    private static Platform.Service serviceOf(String path) {
        if (path.startsWith("/api/eval/")) {
            return Platform.Service.EVAL;
        }
        return path.startsWith("/api/monitor/") ? Platform.Service.MONITOR : Platform.Service.REGISTRY;
    }

    private static final Map<String, String> KEYS = new java.util.HashMap<>();

    private static synchronized String keyFor(String role) {
        return KEYS.computeIfAbsent(role, r -> admin.issueKey("user:" + r + "-probe", r));
    }

    private static String publish(String suite, String metrics, List<String> inputs) {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            cases.append(i == 0 ? "" : ",").append("{\"id\":\"c").append(i + 1).append("\",\"input\":\"").append(inputs.get(i))
                 .append("\",\"expected\":\"").append(TRUTH.get(inputs.get(i))).append("\"}");
        }
        Http.Response published = carol.post("/api/eval/suites/" + suite + "/versions",
                                             "{\"metrics\":" + metrics + ",\"cases\":[" + cases + "]}");
        assertThat(published.status()).as(String.valueOf(published.body())).isIn(200, 201);
        return published.body().get("sha256").asText();
    }

    private static String startRun(Http who, String suite, int suiteVersion, int modelVersion, String target,
                                   Map<String, String> predictions) {
        StringBuilder body = new StringBuilder("{\"suite\":{\"name\":\"" + suite + "\",\"version\":" + suiteVersion + "},"
                + "\"subject\":{\"kind\":\"model\",\"name\":\"victim\",\"version\":" + modelVersion + "},\"target\":" + target);
        if (predictions != null) {
            body.append(",\"predictions\":[");
            predictions.forEach((id, output) -> body.append("{\"caseId\":\"").append(id).append("\",\"output\":\"").append(output).append("\"},"));
            body.setLength(body.length() - 1);
            body.append("]");
        }
        body.append("}");
        Http.Response[] started = new Http.Response[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            started[0] = who.post("/api/eval/runs", body.toString());
            return started[0].status() == 202;
        });
        return started[0].body().get("runId").asText();
    }

    private static JsonNode awaitRun(String runId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Http.Response run = carol.get("/api/eval/runs/" + runId);
            return run.status() == 200 && !"running".equals(run.body().get("status").asText());
        });
        JsonNode run = carol.get("/api/eval/runs/" + runId).body();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        return run;
    }

    private static void awaitProduction(int version) {
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            Http.Response alias = carol.get("/api/registry/models/victim/aliases/production");
            return alias.status() == 200 && alias.body().get("version").asInt() == version;
        });
    }

    /** Every stored event of the subjects under attack, in store order: payload and metadata as stored. */
    private static List<String> subjectEvents() {
        List<String> events = new ArrayList<>();
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            client.getDatabase(database).getCollection("event_commits").find().sort(new Document("_id", 1)).forEach(commit -> {
                for (Document event : commit.getList("events", Document.class)) {
                    String aggregate = String.valueOf(event.getString("aggregateIdentifier"));
                    String payload = event.getString("payload");
                    if (aggregate.equals("model:victim") || aggregate.equals("prompt:pvictim") || aggregate.startsWith("apikey:")
                            || payload.contains("\"subjectName\":\"victim\"") || payload.contains("\"subjectName\":\"pvictim\"")) {
                        events.add(event.getString("payloadType") + " " + payload);
                    }
                }
            });
        }
        return events;
    }

    private static List<String> storedPayloads(String simpleType) {
        return subjectEvents().stream().filter(e -> e.startsWith("io.modelledger.contracts.registry." + simpleType + " ")).toList();
    }

    private static String verdictEventIdOf(String runId) {
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            for (Document commit : client.getDatabase(database).getCollection("event_commits").find()) {
                for (Document event : commit.getList("events", Document.class)) {
                    if (event.getString("payloadType").endsWith(".EvaluationCompleted")
                            && event.getString("payload").contains("\"runId\":\"" + runId + "\"")) {
                        return event.getString("eventIdentifier");
                    }
                }
            }
        }
        throw new AssertionError("no verdict event for run " + runId);
    }
}
