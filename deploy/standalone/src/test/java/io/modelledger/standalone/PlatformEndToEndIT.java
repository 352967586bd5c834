package io.modelledger.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.platform.test.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first vertical slice end to end, through the gateway, with all four applications running as in
 * standalone mode (separate contexts and ports, one shared event store).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Platform platform;
    private static Http http;
    private static String database;

    @BeforeAll
    static void start() {
        database = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(),
                                                        Http.freePort(), database, Map.of()));
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        http = admin.as(admin.issueKey("user:carol", "contributor"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void aModelAndItsVersionsAreRegisteredAndReadBackThroughTheGateway() {
        Http.Response created = http.post("/api/registry/models",
                                          "{\"name\":\"churn\",\"description\":\"Churn propensity\",\"tags\":{\"team\":\"growth\"}}",
                                          "X-ModelLedger-Reason", "initial registration");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/registry/models/churn");
        assertThat(created.header("X-Request-Id")).isNotBlank();

        Http.Response v1 = http.post("/api/registry/models/churn/versions", version("s3://models/churn/1.onnx"));
        Http.Response v2 = http.post("/api/registry/models/churn/versions", version("s3://models/churn/2.onnx"));
        long registered = System.nanoTime();
        assertThat(v1.status()).isEqualTo(201);
        assertThat(v1.body().get("version").asInt()).isEqualTo(1);
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(http.get("/api/eval/models/churn/versions/2").status()).isEqualTo(200);
            assertThat(http.get("/api/monitor/models/churn/versions/2").status()).isEqualTo(200);
        });
        System.out.printf("[e2e] version visible on eval and monitor %d ms after registration%n",
                          Duration.ofNanos(System.nanoTime() - registered).toMillis());
        JsonNode eval = http.get("/api/eval/models/churn/versions/1").body();
        assertThat(eval.get("status").asText()).isEqualTo("awaiting-evaluation");
        assertThat(eval.get("sha256").asText()).isEqualTo(SHA);

        await().atMost(Duration.ofSeconds(2)).until(() -> http.get("/api/registry/models/churn").body().get("latestVersion").asInt() == 2);
        JsonNode model = http.get("/api/registry/models/churn").body();
        assertThat(model.get("description").asText()).isEqualTo("Churn propensity");
        assertThat(model.get("tags").get("team").asText()).isEqualTo("growth");
        assertThat(model.get("registeredBy").asText()).isEqualTo("user:carol");

        JsonNode version = http.get("/api/registry/models/churn/versions/1").body();
        assertThat(version.get("artifactUri").asText()).isEqualTo("s3://models/churn/1.onnx");
        assertThat(version.get("framework").asText()).isEqualTo("onnx");
        JsonNode versions = http.get("/api/registry/models/churn/versions?limit=1").body();
        assertThat(versions.get("items")).hasSize(1);
        assertThat(versions.get("next").asText()).isEqualTo("1");
        assertThat(http.get("/api/registry/models/churn/versions?after=1").body().get("items").get(0).get("version").asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(2)
    void eachServiceDescribesItsApiAsOpenApi() {
        JsonNode registry = http.get("/api/registry/openapi").body();
        assertThat(registry.get("openapi").asText()).startsWith("3.");
        assertThat(registry.get("paths").has("/api/registry/models/{name}/versions")).isTrue();
        assertThat(registry.get("paths").has("/api/registry/{kind}/{name}/promotions/{promotionId}/approvals")).isTrue();
        assertThat(http.get("/api/eval/openapi").body().get("paths").has("/api/eval/models/{name}/versions/{version}")).isTrue();
        assertThat(http.get("/api/monitor/openapi").body().get("paths").has("/api/monitor/models/{name}/versions/{version}")).isTrue();
    }

    @Test
    @Order(2)
    void badInputIsA400NamingTheFieldAndChangesNothing() {
        Http.Response badName = http.post("/api/registry/models", "{\"name\":\"no spaces allowed\"}");
        assertProblem(badName, 400);
        assertThat(fields(badName)).containsExactly("name");

        Http.Response badVersion = http.post("/api/registry/models/churn/versions",
                                             "{\"artifactUri\":\"not a uri\",\"sha256\":\"xyz\",\"framework\":\"onnx\"}");
        assertProblem(badVersion, 400);
        assertThat(fields(badVersion)).containsExactlyInAnyOrder("artifactUri", "sha256");

        assertProblem(http.post("/api/registry/models", "{\"name\":"), 400);
        assertProblem(http.get("/api/registry/models/churn/versions/first"), 400);
        assertThat(http.get("/api/registry/models/churn").body().get("latestVersion").asInt()).isEqualTo(2);
        assertThat(http.get("/api/registry/models/no%20spaces%20allowed").status()).isIn(400, 404);
    }

    @Test
    @Order(3)
    void unknownResourcesAre404s() {
        assertProblem(http.get("/api/registry/models/unknown-model"), 404);
        assertProblem(http.get("/api/registry/models/churn/versions/99"), 404);
        assertProblem(http.post("/api/registry/models/unknown-model/versions", version("s3://x/y.onnx")), 404);
        assertProblem(http.get("/api/eval/models/unknown-model/versions/1"), 404);
        assertProblem(http.get("/api/monitor/models/unknown-model/versions/1"), 404);
        assertProblem(http.get("/api/unrouted"), 404);
    }

    @Test
    @Order(4)
    void aNameClashIsA409() {
        Http.Response clash = http.post("/api/registry/models", "{\"name\":\"churn\",\"description\":\"another\"}");
        assertProblem(clash, 409);
        assertThat(http.get("/api/registry/models/churn").body().get("description").asText()).isEqualTo("Churn propensity");
    }

    @Test
    @Order(5)
    void everyEventCarriesActorReasonRequestIdAndTraceAndAForgedActorIsIgnored() {
        Http.Response response = http.post("/api/registry/models",
                                           "{\"name\":\"audited\"}",
                                           "X-ModelLedger-Reason", "needed for the audit test",
                                           "X-ModelLedger-Actor", "user:mallory",
                                           "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(response.status()).isEqualTo(201);
        String requestId = response.header("X-Request-Id");

        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            List<JsonNode> metadata = new ArrayList<>();
            for (Document commit : client.getDatabase(database).getCollection("event_commits").find()) {
                for (Document event : commit.getList("events", Document.class)) {
                    metadata.add(readJson(event.getString("metaData")));
                }
            }
            assertThat(metadata).isNotEmpty().allSatisfy(m -> {
                assertThat(m.get("actor").asText()).isIn("user:carol", "system:registry-service", "bootstrap-admin");
                assertThat(m.get("requestId").asText()).isNotBlank();
                assertThat(m.get("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            });
            JsonNode audited = metadata.stream().filter(m -> requestId.equals(m.get("requestId").asText()))
                                       .findFirst().orElseThrow();
            assertThat(audited.get("reason").asText()).isEqualTo("needed for the audit test");
            assertThat(audited.get("traceparent").asText()).contains("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(audited.get("actor").asText()).isEqualTo("user:carol");
            assertThat(audited.get("authMethod").asText()).isEqualTo("api-key");
            assertThat(audited.get("credential").asText()).startsWith("key:");
            assertThat(audited.get("actorRoles").asText()).isEqualTo("contributor");
        }
    }

    @Test
    @Order(6)
    void aRetriedPostWithTheSameIdempotencyKeyCreatesNothingNew() {
        Http.Response first = http.post("/api/registry/models", "{\"name\":\"retried\"}", "Idempotency-Key", "create-retried-1");
        Http.Response retry = http.post("/api/registry/models", "{\"name\":\"retried\"}", "Idempotency-Key", "create-retried-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).as("the original answer, not a 409 name clash").isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));

        String v = version("s3://models/retried/1.onnx");
        Http.Response version = http.post("/api/registry/models/retried/versions", v, "Idempotency-Key", "version-retried-1");
        Http.Response versionRetry = http.post("/api/registry/models/retried/versions", v, "Idempotency-Key", "version-retried-1");
        assertThat(versionRetry.body().get("version").asInt()).isEqualTo(version.body().get("version").asInt()).isEqualTo(1);
        assertThat(http.post("/api/registry/models/retried/versions", version("s3://models/retried/other.onnx"),
                             "Idempotency-Key", "version-retried-1").status()).as("same key, other request").isEqualTo(422);
        await().atMost(Duration.ofSeconds(2)).until(() -> http.get("/api/registry/models/retried").status() == 200);
        assertThat(http.get("/api/registry/models/retried").body().get("latestVersion").asInt()).isEqualTo(1);
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            long registrations = 0;
            for (Document commit : client.getDatabase(database).getCollection("event_commits").find()) {
                registrations += commit.getList("events", Document.class).stream()
                                       .filter(e -> e.getString("aggregateIdentifier").equals("model:retried")).count();
            }
            assertThat(registrations).as("one ModelRegistered and one ModelVersionRegistered").isEqualTo(2);
        }
    }

    @Test
    @Order(7)
    void aStoppedServiceIsA503AndResumesWhereItLeftOffWhenRestarted() {
        platform.stop(Platform.Service.REGISTRY);
        Http.Response down = http.get("/api/registry/models/churn");
        assertProblem(down, 503);
        assertThat(down.body().get("detail").asText()).contains("/api/registry");

        platform.stop(Platform.Service.EVAL);
        platform.startService(Platform.Service.REGISTRY);
        Http.Response v3 = http.post("/api/registry/models/churn/versions", version("s3://models/churn/3.onnx"));
        assertThat(v3.status()).isEqualTo(201);
        assertThat(v3.body().get("version").asInt()).as("the aggregate is rebuilt from its events").isEqualTo(3);
        assertProblem(http.get("/api/eval/models/churn/versions/3"), 503);

        platform.startService(Platform.Service.EVAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/api/eval/models/churn/versions/3").status() == 200);
        await().atMost(Duration.ofSeconds(2)).until(() -> http.get("/api/monitor/models/churn/versions/3").status() == 200);
        assertThat(http.get("/api/eval/models/churn/versions/1").body().get("status").asText()).isEqualTo("awaiting-evaluation");
    }

    private static String version(String uri) {
        return "{\"artifactUri\":\"" + uri + "\",\"sha256\":\"" + SHA + "\",\"framework\":\"onnx\",\"tags\":{\"stage\":\"dev\"}}";
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.body().get("title").asText()).isNotBlank();
    }

    private static List<String> fields(Http.Response response) {
        List<String> fields = new ArrayList<>();
        response.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
