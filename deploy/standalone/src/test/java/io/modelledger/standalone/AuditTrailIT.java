package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.platform.test.TestMongo;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
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
 * The audit trail over the events of every service: by subject in order with actors, hash-chained,
 * rebuilt to the same root, and a direct edit of an event in MongoDB named by the verification.
 */
class AuditTrailIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static Platform platform;
    private static String database;
    private static Http auditor;
    private static Http carol;

    @BeforeAll
    static void start() {
        database = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        platform = Platform.start(new StandaloneOptions(Path.of("target/unused"), TestMongo.uri(database), 0,
                                                        Http.freePort(), Http.freePort(), Http.freePort(),
                                                        Http.freePort(), database, Map.of()));
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        auditor = admin.as(admin.issueKey("user:auditor", "auditor"));
        carol = admin.as(admin.issueKey("user:carol", "contributor"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theTrailShowsEveryServicesEventsInOrderChainedAndVerifiableAndNamesATamperedEvent() throws Exception {
        assertThat(carol.post("/api/registry/models", "{\"name\":\"audited\",\"description\":\"original\"}",
                              "X-ModelLedger-Reason", "for the auditors").status()).isEqualTo(201);
        for (int v = 1; v <= 2; v++) {
            assertThat(carol.post("/api/registry/models/audited/versions", "{\"artifactUri\":\"s3://m/" + v + "\",\"sha256\":\""
                    + SHA + "\",\"framework\":\"onnx\"}").status()).isEqualTo(201);
        }
        append(new EvaluationCompleted("run-1", "accuracy", SHA, "model", "audited", 2, true, Map.of("accuracy", 0.9)), SystemActors.EVAL);
        append(new AlertRaised("alert-1", "audited", "critical", "drift on income"), SystemActors.MONITOR);

        await().atMost(Duration.ofSeconds(5)).until(() -> entries(auditor.get("/api/audit/subjects/model:audited/entries")).size() == 5);
        List<JsonNode> trail = entries(auditor.get("/api/audit/subjects/model:audited/entries"));
        assertThat(trail).extracting(e -> e.get("type").asText())
                         .containsExactly("ModelRegistered", "ModelVersionRegistered", "ModelVersionRegistered",
                                          "EvaluationCompleted", "AlertRaised");
        assertThat(trail).extracting(e -> e.get("actor").asText())
                         .containsExactly("user:carol", "user:carol", "user:carol", SystemActors.EVAL, SystemActors.MONITOR);
        assertThat(trail).extracting(e -> e.get("service").asText())
                         .containsExactly("registry-service", "registry-service", "registry-service", "eval-service", "monitor-service");
        assertThat(trail.get(0).get("reason").asText()).isEqualTo("for the auditors");
        assertThat(trail.get(0).get("traceId").asText()).hasSize(32);
        assertThat(trail).extracting(e -> e.get("position").asLong()).isSorted();
        assertThat(entries(auditor.get("/api/audit/subjects/model:audited/entries?limit=2"))).hasSize(2);
        assertThat(entries(auditor.get("/api/audit/entries?actor=user:carol&type=ModelVersionRegistered"))).hasSize(2);
        assertThat(entries(auditor.get("/api/audit/entries?service=monitor-service"))).extracting(e -> e.get("type").asText())
                .containsExactly("AlertRaised");
        String requestId = trail.get(0).get("requestId").asText();
        assertThat(entries(auditor.get("/api/audit/entries?requestId=" + requestId))).extracting(e -> e.get("type").asText())
                .as("everything one request caused").containsExactly("ModelRegistered");
        java.time.Instant first = java.time.Instant.parse(trail.getFirst().get("timestamp").asText());
        java.time.Instant last = java.time.Instant.parse(trail.getLast().get("timestamp").asText());
        assertThat(entries(auditor.get("/api/audit/entries?subject=model:audited&from=" + first.minusSeconds(3600) + "&to="
                                               + last.plusSeconds(3600)))).hasSize(5);
        assertThat(entries(auditor.get("/api/audit/entries?subject=model:audited&from=" + first.plusMillis(1) + "&to="
                                               + last.plusSeconds(3600)))).as("from is inclusive, to exclusive").hasSize(4);
        assertThat(entries(auditor.get("/api/audit/entries?subject=model:audited&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z")))
                .isEmpty();

        // the model as it was: champion on version 1 until it moved to version 2
        assertThat(carol.send("PUT", "/api/registry/models/audited/aliases/champion", "{\"version\":1}").status()).isEqualTo(200);
        Thread.sleep(20);
        java.time.Instant between = java.time.Instant.now();
        Thread.sleep(20);
        assertThat(carol.send("PUT", "/api/registry/models/audited/aliases/champion", "{\"version\":2}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> entries(auditor.get("/api/audit/subjects/model:audited/entries")).size() == 7);
        JsonNode before = auditor.get("/api/audit/models/audited/state?at=" + between).body();
        JsonNode now = auditor.get("/api/audit/models/audited/state").body();
        assertThat(before.get("aliases").get("champion").get("version").asInt()).isEqualTo(1);
        assertThat(before.get("aliases").get("champion").get("movedBy").asText()).isEqualTo("user:carol");
        assertThat(now.get("aliases").get("champion").get("version").asInt()).isEqualTo(2);
        assertThat(now.get("versions")).hasSize(2);
        assertThat(now.get("openAlerts").get("alert-1").asText()).contains("critical");
        assertThat(now.get("latestVerdicts").get("accuracy").get("passed").asBoolean()).isTrue();
        JsonNode atStart = auditor.get("/api/audit/models/audited/state?at=" + trail.get(0).get("timestamp").asText()).body();
        assertThat(atStart.get("versions")).isEmpty();

        // the global trail is one chain: each entry links to the one before
        JsonNode head = auditor.get("/api/audit/chain").body();
        List<JsonNode> all = entries(auditor.get("/api/audit/entries?limit=1000"));
        assertThat(all.getLast().get("hash").asText()).isEqualTo(head.get("hash").asText());
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("previousHash").asText()).isEqualTo(all.get(i - 1).get("hash").asText());
        }
        assertThat(carol.get("/api/audit/entries").status()).as("contributors do not read the trail").isEqualTo(403);

        JsonNode verification = auditor.get("/api/audit/verification").body();
        assertThat(verification.get("intact").asBoolean()).isTrue();
        assertThat(verification.get("checked").asLong()).isEqualTo(all.size());
        assertThat(verification.get("rootHash").asText()).isEqualTo(head.get("hash").asText());

        // rebuilt from scratch, the projection reproduces the same root
        TrackingEventProcessor processor = platform.context(Platform.Service.REGISTRY).getBean(EventProcessingConfiguration.class)
                                                   .eventProcessor("audit-log", TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Http.Response chain = auditor.get("/api/audit/chain");
            return chain.status() == 200 && chain.body().get("position").asLong() == head.get("position").asLong();
        });
        assertThat(auditor.get("/api/audit/chain").body().get("hash").asText()).isEqualTo(head.get("hash").asText());

        // a signed export verifies offline with the public key alone, and through the API
        java.security.PublicKey publicKey = AuditBundle.publicKey(auditor.get("/api/audit/public-key").body().get("publicKey").asText());
        String bundle = auditor.get("/api/audit/exports?subject=model:audited").raw().body();
        AuditBundle.Result offline = AuditBundle.verify(new java.io.ByteArrayInputStream(bundle.getBytes()), publicKey);
        assertThat(offline.valid()).isTrue();
        assertThat(offline.checked()).isEqualTo(7);
        assertThat(auditor.post("/api/audit/verifications", bundle).body().get("valid").asBoolean()).isTrue();
        String everything = auditor.get("/api/audit/exports").raw().body();
        AuditBundle.Result whole = AuditBundle.verify(new java.io.ByteArrayInputStream(everything.getBytes()), publicKey);
        assertThat(whole.valid()).isTrue();
        assertThat(whole.manifest().contiguous()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !entries(auditor.get("/api/audit/entries?type=AuditExported&actor=user:auditor")).isEmpty());

        // the CSV export and the printable dossier
        String csv = auditor.get("/api/audit/exports.csv?subject=model:audited").raw().body();
        assertThat(csv.lines().count()).as("a header and one row per entry").isEqualTo(8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("position,timestamp,type,service,subject,actor");
        Http.Response dossier = auditor.get("/api/audit/models/audited/dossier");
        assertThat(dossier.header("Content-Type")).startsWith("text/html");
        assertThat(dossier.raw().body()).contains("Model dossier: audited", "ModelAliasAssigned", "accuracy", "drift on income",
                                                  "user:carol");

        // someone edits an event in the database: the verification names it
        String tamperedId = trail.get(0).get("eventId").asText();
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            var commits = client.getDatabase(database).getCollection("event_commits");
            Document commit = commits.find(Filters.eq("events.eventIdentifier", tamperedId)).first();
            List<Document> events = new ArrayList<>(commit.getList("events", Document.class));
            for (Document event : events) {
                if (event.getString("eventIdentifier").equals(tamperedId)) {
                    event.put("payload", event.getString("payload").replace("original", "rewritten"));
                }
            }
            commits.updateOne(Filters.eq("_id", commit.get("_id")), Updates.set("events", events));
        }
        JsonNode broken = auditor.get("/api/audit/verification").body();
        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("breaks").get(0).get("eventId").asText()).isEqualTo(tamperedId);
        assertThat(broken.get("breaks").get(0).get("problem").asText()).contains("no longer matches");
        String fresh = auditor.get("/api/audit/exports?subject=model:audited").raw().body();
        AuditBundle.Result freshCheck = AuditBundle.verify(new java.io.ByteArrayInputStream(fresh.getBytes()), publicKey);
        assertThat(freshCheck.valid()).isFalse();
        assertThat(freshCheck.brokenEventId()).isEqualTo(tamperedId);
    }

    private static void append(Object event, String actor) {
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase(database))
                                                                    .eventSerializer(AxonJackson.serializer())
                                                                    .snapshotSerializer(AxonJackson.serializer()).build();
            engine.appendEvents(new GenericEventMessage<>(event, MetaData.from(SystemMetadata.of(actor, "test"))));
        }
    }

    private static List<JsonNode> entries(Http.Response page) {
        List<JsonNode> entries = new ArrayList<>();
        page.body().get("items").forEach(entries::add);
        return entries;
    }
}
