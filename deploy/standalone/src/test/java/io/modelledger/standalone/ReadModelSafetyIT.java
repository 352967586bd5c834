package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What once broke the catalogue for everyone cannot any more: keys users choose are refused where they have
 * a grammar (tags) and round-trip everywhere else (schemas with {@code $schema}/{@code $ref}, dotted
 * parameter names); and a read model that cannot apply an event stops at it, says so (readiness names the
 * processor and the event), fails its gate closed, and after the fault is removed resumes from exactly
 * that event on an admin's retry.
 */
class ReadModelSafetyIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static Platform platform;
    private static String database;
    private static Http admin;
    private static Http carol;

    @BeforeAll
    static void start() {
        database = "readmodels-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0, Http.freePort(),
                                                        Http.freePort(), Http.freePort(), Http.freePort(), database, Map.of()));
        admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        carol = admin.as(admin.issueKey("user:carol", "contributor"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void keysUsersChooseAreRefusedOrRoundTripAndTheCatalogueKeepsWorking() {
        Http.Response nul = carol.post("/api/registry/models", "{\"name\":\"m37\",\"tags\":{\"a\\u0000b\":\"v\"}}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body().get("errors").get(0).get("field").asText()).startsWith("tags");
        assertThat(carol.post("/api/registry/models", "{\"name\":\"m37\",\"tags\":{\"team\":\"risk\"}}").status()).isEqualTo(201);
        Http.Response dotted = carol.post("/api/registry/models/m37/versions", "{\"artifactUri\":\"s3://m/1\",\"sha256\":\"" + SHA
                + "\",\"framework\":\"onnx\",\"tags\":{\"team.name\":\"risk\"}}");
        assertThat(dotted.status()).isEqualTo(400);
        assertThat(dotted.body().get("errors").get(0).get("field").asText()).startsWith("tags");
        Http.Response schema = carol.post("/api/registry/models/m37/versions", "{\"artifactUri\":\"s3://m/1\",\"sha256\":\"" + SHA
                + "\",\"framework\":\"onnx\",\"hyperParameters\":{\"optimizer.lr\":0.01,\"$weird\":1},"
                + "\"inputSchema\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$defs\":{\"x\":{\"type\":\"number\"}},"
                + "\"properties\":{\"amount\":{\"$ref\":\"#/$defs/x\"}}}}");
        assertThat(schema.status()).as(String.valueOf(schema.body())).isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/registry/models/m37/versions/1").status() == 200);
        JsonNode version = carol.get("/api/registry/models/m37/versions/1").body();
        assertThat(version.get("inputSchema").get("$schema").asText()).startsWith("https://json-schema.org");
        assertThat(version.get("inputSchema").get("properties").get("amount").get("$ref").asText()).isEqualTo("#/$defs/x");
        assertThat(version.get("hyperParameters").get("optimizer.lr").asDouble()).isEqualTo(0.01);
        assertThat(carol.send("PATCH", "/api/registry/models/m37/versions/1", "{\"deprecated\":true,\"reason\":\"test\"}").status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> carol.get("/api/registry/models/m37/versions/1").body().path("deprecated").asBoolean());
        assertThat(carol.get("/api/registry/models/m37/versions").status()).isEqualTo(200);
        assertThat(carol.get("/api/registry/models").status()).isEqualTo(200);
        assertThat(carol.get("/api/registry/models/m37/versions/1/lineage").status()).isEqualTo(200);
    }

    @Test
    void sloppyJsonIsRefusedNamingTheFieldAndChangesNothing() {
        Http.Response duplicate = carol.post("/api/registry/models", "{\"name\":\"m38\",\"name\":\"m39\"}");
        assertThat(duplicate.status()).as(String.valueOf(duplicate.body())).isEqualTo(400);
        assertThat(duplicate.body().toString()).contains("name");
        Http.Response trailing = carol.post("/api/registry/models", "{\"name\":\"m38\"} {\"name\":\"m39\"}");
        assertThat(trailing.status()).as(String.valueOf(trailing.body())).isEqualTo(400);
        Http.Response coerced = carol.post("/api/registry/models", "{\"name\":38}");
        assertThat(coerced.status()).as(String.valueOf(coerced.body())).isEqualTo(400);
        assertThat(coerced.body().get("errors").get(0).get("field").asText()).isEqualTo("name");
        Http.Response bidi = carol.post("/api/registry/models", "{\"name\":\"m38\",\"description\":\"a\\u202eb\"}");
        assertThat(bidi.status()).as(String.valueOf(bidi.body())).isEqualTo(400);
        assertThat(bidi.body().get("errors").get(0).get("field").asText()).isEqualTo("description");
        assertThat(carol.get("/api/registry/models/m38").status()).isEqualTo(404);
        assertThat(carol.get("/api/registry/models/m39").status()).isEqualTo(404);
    }

    @Test
    void aReadModelThatCannotApplyAnEventStopsSaysWhichAndResumesAfterTheFix() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI readiness = URI.create(platform.serviceUrl(Platform.Service.REGISTRY) + "/actuator/health/readiness");
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            var keys = client.getDatabase(database).getCollection("registry_api_keys");
            // a viewer key the gateway has never looked up (so it has not cached it), stored before the fault
            String dave = admin.issueKey("user:dave", "viewer");
            await().atMost(Duration.ofSeconds(10)).until(() -> keys.countDocuments(new org.bson.Document("owner", "user:dave")) == 1);
            // the fault: a constraint the key read model's next write breaks
            keys.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true).name("fault"));
            try {
                admin.issueKey("user:twin", "viewer"); // names the key after its owner
                String held = admin.issueKey("user:twin", "viewer"); // same name: the read model cannot store it
                await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(readiness).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
                String down = http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(down).contains("access-keys", "held at event", "ApiKeyIssued");
                JsonNode processor = admin.get("/api/registry/admin/processors/access-keys").body();
                assertThat(processor.get("state").asText()).isEqualTo("error");
                assertThat(processor.get("heldAt").get("eventType").asText()).isEqualTo("ApiKeyIssued");
                String heldEvent = processor.get("heldAt").get("eventId").asText();
                assertThat(down).contains(heldEvent);
                // still held seconds later: between retries the processor is not "in error" to Axon, but it stays held here
                Thread.sleep(3_000);
                assertThat(http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(503);
                // the gate fails closed: the held key is unknown, and a key behind the held event cannot be vouched for
                assertThat(new Http(platform.gatewayUrl()).as(held).get("/api/registry/models").status()).isEqualTo(401);
                Http.Response unvouched = new Http(platform.gatewayUrl()).as(dave).get("/api/registry/models");
                assertThat(unvouched.status()).as(String.valueOf(unvouched.body())).isEqualTo(503);
            } finally {
                keys.dropIndex("fault");
            }
            assertThat(admin.post("/api/registry/admin/processors/access-keys/retries", "{}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(readiness).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            await().atMost(Duration.ofSeconds(5)).until(() -> new Http(platform.gatewayUrl()).as(dave).get("/api/registry/models").status() == 200);
            assertThat(keys.countDocuments(new org.bson.Document("owner", "user:twin"))).as("the held event applied, none lost").isEqualTo(2);
            assertThat(admin.get("/api/registry/admin/processors/access-keys").body().get("state").asText()).isEqualTo("running");
            JsonNode heldAt = admin.get("/api/registry/admin/processors/access-keys").body().path("heldAt");
            assertThat(heldAt.isMissingNode() || heldAt.isNull()).as("no longer held").isTrue();
        }
    }
}
