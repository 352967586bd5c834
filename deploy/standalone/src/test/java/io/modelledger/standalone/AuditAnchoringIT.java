package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.audit.AuditKeys;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.platform.test.TestMongo;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail is anchored outside MongoDB: the signing key lives in a file, signed checkpoints go to a
 * file the database does not hold, and someone with write access to the database who rewrites an event and
 * recomputes the whole chain, or cuts its end, is caught by the live and the offline verification. A commit
 * that lands after its gap was given up is chained at the end, not lost. Default checkpoint cadence
 * (every 1000 entries).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditAnchoringIT {

    private static final String SHA = "0123456789abcdef".repeat(4);
    private static Platform platform;
    private static String database;
    private static Path data;
    private static Http auditor;

    @BeforeAll
    static void start() throws Exception {
        database = "anchoring-" + UUID.randomUUID().toString().substring(0, 8);
        data = Files.createTempDirectory("modelledger-anchoring");
        platform = Platform.start(new StandaloneOptions(data, TestMongo.uri(database), 0, Http.freePort(), Http.freePort(),
                                                        Http.freePort(), Http.freePort(), database,
                                                        Map.of("modelledger.event-store.gap-timeout", "PT1S")));
        Http admin = new Http(platform.gatewayUrl()).as(platform.bootstrapAdminKey().orElseThrow());
        auditor = admin.as(admin.issueKey("user:auditor", "auditor"));
        // enough history for the first checkpoint at the default cadence
        List<EventMessage<?>> verdicts = new ArrayList<>();
        for (int i = 0; i < 1_050; i++) {
            verdicts.add(verdict("run-" + i));
        }
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoEventStorageEngine engine = engine(client.getDatabase(database));
            for (int i = 0; i < verdicts.size(); i += 50) {
                engine.appendEvents(verdicts.subList(i, Math.min(verdicts.size(), i + 50)));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !checkpoints().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void theKeyAndTheCheckpointsLiveInFilesAndTheKeyInMongoChangesNothing() throws Exception {
        Path keyFile = data.resolve("audit-signing-key.pem");
        assertThat(keyFile).exists();
        KeyPair fileKey = AuditKeys.parse(Files.readString(keyFile));
        JsonNode published = auditor.get("/api/audit/public-key").body();
        assertThat(published.get("keyId").asText()).isEqualTo(AuditKeys.keyId(fileKey.getPublic()));
        JsonNode checkpoint = checkpoints().getFirst();
        assertThat(checkpoint.get("keyId").asText()).isEqualTo(AuditKeys.keyId(fileKey.getPublic()));
        assertThat(auditor.get("/api/audit/checkpoints").body()).hasSize(checkpoints().size());
        await().atMost(Duration.ofSeconds(5)).until(() -> !auditor.get("/api/audit/entries?type=AuditCheckpoint").body().get("items").isEmpty());

        // an attacker writes their own key where the platform used to keep it, and the registry restarts
        KeyPair forged = AuditKeys.generate();
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            client.getDatabase(database).getCollection("audit_keys").replaceOne(Filters.eq("_id", "signing"),
                    new Document("_id", "signing").append("private", Base64.getEncoder().encodeToString(forged.getPrivate().getEncoded()))
                                                 .append("public", Base64.getEncoder().encodeToString(forged.getPublic().getEncoded())),
                    new ReplaceOptions().upsert(true));
        }
        platform.stop(Platform.Service.REGISTRY);
        platform.startService(Platform.Service.REGISTRY);
        assertThat(auditor.get("/api/audit/public-key").body().get("keyId").asText()).isEqualTo(AuditKeys.keyId(fileKey.getPublic()));
        JsonNode verification = auditor.get("/api/audit/verification").body();
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("checkpoints").get("checked").asInt()).isPositive();
    }

    @Test
    @Order(2)
    void aCommitLandingAfterItsGapWasGivenUpIsChainedAtTheEnd() throws Exception {
        long before = auditor.get("/api/audit/chain").body().get("sequence").asLong();
        CountDownLatch reserved = new CountDownLatch(1);
        Thread slow;
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoDatabase db = client.getDatabase(database);
            MongoEventStorageEngine delayed = new MongoEventStorageEngine(builder(db)) {
                @Override
                protected void insertCommit(Document commit) {
                    reserved.countDown();
                    try {
                        Thread.sleep(3_000); // past the 1 s gap timeout
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.insertCommit(commit);
                }
            };
            slow = new Thread(() -> delayed.appendEvents(verdict("late-run")));
            slow.start();
            assertThat(reserved.await(5, TimeUnit.SECONDS)).isTrue();
            engine(db).appendEvents(verdict("on-time-run"));
            slow.join();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> !entriesOf("late-run").isEmpty());
        JsonNode late = entriesOf("late-run").getFirst();
        JsonNode onTime = entriesOf("on-time-run").getFirst();
        assertThat(late.get("position").asLong()).as("its store position is recorded").isLessThan(onTime.get("position").asLong());
        assertThat(late.get("sequence").asLong()).as("chained after the event that passed it").isGreaterThan(onTime.get("sequence").asLong());
        assertThat(late.get("sequence").asLong()).isGreaterThan(before);
        JsonNode verification = auditor.get("/api/audit/verification").body();
        assertThat(verification.get("intact").asBoolean()).as(verification.toString()).isTrue();
    }

    @Test
    @Order(3)
    void cuttingTheLastTenEntriesIsReportedAsTruncation() throws Exception {
        quiesce();
        // the newest checkpoint must lie within the last ten entries; at the default cadence, where it falls
        // after the 1,050 setup entries depends on timing, so take the one the scheduler writes once the chain
        // has been quiet for the 5-minute interval
        checkpointAsTheSchedulerWouldFiveMinutesLater();
        quiesce();
        JsonNode newest = checkpoints().getLast();
        long cutFrom;
        // the trail's own processor is paused while the test cuts and later restores the chain, so that the
        // export's own AuditExported event is chained only after the restore
        org.axonframework.eventhandling.TrackingEventProcessor processor = platform.context(Platform.Service.REGISTRY)
                .getBean(org.axonframework.config.EventProcessingConfiguration.class)
                .eventProcessor("audit-log", org.axonframework.eventhandling.TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoDatabase db = client.getDatabase(database);
            Document head = db.getCollection("audit_chain").find(Filters.eq("_id", "head")).first();
            long sequence = head.get("sequence", Number.class).longValue();
            assertThat(sequence - newest.get("sequence").asLong()).as("the cut reaches below the newest checkpoint").isLessThan(10);
            cutFrom = sequence - 9;
            long cut = cutFrom;
            // verification names the first checkpoint beyond the chain's new end
            JsonNode firstCut = checkpoints().stream().filter(c -> c.get("sequence").asLong() >= cut).findFirst().orElseThrow();
            List<Document> removedLinks = new ArrayList<>();
            List<Document> removedEntries = new ArrayList<>();
            for (long s = cutFrom; s <= sequence; s++) {
                Document link = db.getCollection("audit_order").find(Filters.eq("_id", s)).first();
                removedLinks.add(link);
                removedEntries.add(db.getCollection("audit_entries").find(Filters.eq("_id", link.get("position"))).first());
            }
            Document previous = entryAtSequence(db, cutFrom - 1);
            db.getCollection("audit_order").deleteMany(Filters.in("_id", removedLinks.stream().map(d -> d.get("_id")).toList()));
            db.getCollection("audit_entries").deleteMany(Filters.in("_id", removedEntries.stream().map(d -> d.get("_id")).toList()));
            db.getCollection("audit_chain").replaceOne(Filters.eq("_id", "head"), new Document(head)
                    .append("sequence", cutFrom - 1).append("position", previous.get("_id")).append("hash", previous.getString("hash")));
            try {
                JsonNode verification = auditor.get("/api/audit/verification").body();
                assertThat(verification.get("intact").asBoolean()).isFalse();
                assertThat(verification.get("checkpoints").get("disagreement").get("problem").asText())
                        .startsWith("truncated").contains("but the chain ends at " + (cutFrom - 1));
                assertThat(verification.get("checkpoints").get("disagreement").get("sequence").asLong())
                        .isEqualTo(firstCut.get("sequence").asLong());
                Path bundle = export();
                VerifierRun offline = verifyOffline(bundle);
                assertThat(offline.exit()).as(offline.output()).isEqualTo(1);
                assertThat(offline.output()).contains("BROKEN at position " + firstCut.get("position").asLong(), "truncated");
            } finally {
                db.getCollection("audit_entries").insertMany(removedEntries);
                db.getCollection("audit_order").insertMany(removedLinks);
                db.getCollection("audit_chain").replaceOne(Filters.eq("_id", "head"), head);
                processor.start();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> auditor.get("/api/audit/verification").body().get("intact").asBoolean());
    }

    @Test
    @Order(4)
    void rewritingAnEventAndRecomputingTheWholeChainIsCaughtByTheCheckpoints() throws Exception {
        quiesce();
        JsonNode first = checkpoints().getFirst();
        assertThat(auditor.get("/api/audit/verification").body().get("intact").asBoolean()).isTrue();
        long editedSequence = first.get("sequence").asLong() - 500;
        try (MongoClient client = MongoClients.create(platform.mongoUri())) {
            MongoDatabase db = client.getDatabase(database);
            // as an attacker with database access: edit one event, then recompute every later link of the chain
            Document entry = entryAtSequence(db, editedSequence);
            long position = entry.get("_id", Number.class).longValue();
            MongoCollection<Document> commits = db.getCollection("event_commits");
            Document commit = commits.find(Filters.eq("indexes", position)).first();
            List<Document> events = new ArrayList<>(commit.getList("events", Document.class));
            for (Document event : events) {
                if (event.get("globalIndex", Number.class).longValue() == position) {
                    event.put("payload", event.getString("payload").replace("\"passed\":true", "\"passed\":false"));
                }
            }
            commits.updateOne(Filters.eq("_id", commit.get("_id")), Updates.set("events", events));
            Document head = db.getCollection("audit_chain").find(Filters.eq("_id", "head")).first();
            String previous = entryAtSequence(db, editedSequence - 1).getString("hash");
            for (long s = editedSequence; s <= head.get("sequence", Number.class).longValue(); s++) {
                Document recorded = entryAtSequence(db, s);
                AuditEntry.StoredEvent stored = storedEvent(commits, recorded.get("_id", Number.class).longValue());
                AuditEntry recomputed = AuditEntry.of(stored, previous, s);
                db.getCollection("audit_entries").updateOne(Filters.eq("_id", recorded.get("_id")),
                        Updates.combine(Updates.set("hash", recomputed.hash()), Updates.set("previousHash", previous),
                                        Updates.set("payload", recomputed.payload())));
                previous = recomputed.hash();
            }
            db.getCollection("audit_chain").updateOne(Filters.eq("_id", "head"), Updates.set("hash", previous));
        }
        JsonNode verification = auditor.get("/api/audit/verification").body();
        assertThat(verification.get("breaks")).as("the recomputed chain is consistent in itself").isEmpty();
        assertThat(verification.get("intact").asBoolean()).isFalse();
        JsonNode disagreement = verification.get("checkpoints").get("disagreement");
        assertThat(disagreement.get("problem").asText()).startsWith("rewritten");
        assertThat(disagreement.get("position").asLong()).isEqualTo(first.get("position").asLong());

        VerifierRun offline = verifyOffline(export());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(1);
        assertThat(offline.output()).contains("BROKEN at position " + first.get("position").asLong(), "rewritten");
    }

    /** Waits until the chain stops growing (a checkpoint event may still be on its way). */
    private static void checkpointAsTheSchedulerWouldFiveMinutesLater() throws Exception {
        Class<?> type = Class.forName("io.modelledger.audit.job.AuditCheckpointer");
        java.lang.reflect.Method due = type.getDeclaredMethod("checkpointIfDue", java.time.Instant.class);
        due.setAccessible(true);
        due.invoke(platform.context(Platform.Service.REGISTRY).getBean(type), java.time.Instant.now().plus(Duration.ofMinutes(5)));
    }

    private static void quiesce() throws InterruptedException {
        long seen = -1;
        while (true) {
            Thread.sleep(1_500);
            long now = auditor.get("/api/audit/chain").body().get("sequence").asLong();
            if (now == seen) {
                return;
            }
            seen = now;
        }
    }

    private static Path export() throws Exception {
        Path bundle = data.resolve("export-" + System.nanoTime() + ".json");
        Files.writeString(bundle, auditor.get("/api/audit/exports").raw().body());
        return bundle;
    }

    record VerifierRun(int exit, String output) {
    }

    /** The offline verification as an auditor runs it: the CLI's jar, the pinned public key, the checkpoint file. */
    private static VerifierRun verifyOffline(Path bundle) throws Exception {
        Path jar = Path.of("../../cli/target/modelledger.jar").toAbsolutePath().normalize();
        assertThat(jar).as("built by the reactor before this module").exists();
        String publicKey = auditor.get("/api/audit/public-key").body().get("publicKey").asText();
        Path checkpoints = data.resolve("audit-checkpoints-" + database + ".jsonl");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                                             jar.toString(), "audit", "verify", bundle.toString(), "--key", publicKey,
                                             "--checkpoints", checkpoints.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new VerifierRun(process.exitValue(), output);
    }

    private static List<JsonNode> checkpoints() throws Exception {
        Path file = data.resolve("audit-checkpoints-" + database + ".jsonl");
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> entriesOf(String runId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : auditor.get("/api/audit/entries?type=EvaluationCompleted&subject=model:anchored&limit=1000").body().get("items")) {
            if (entry.get("payload").asText().contains("\"runId\":\"" + runId + "\"")) {
                found.add(entry);
            }
        }
        JsonNode page = auditor.get("/api/audit/entries?type=EvaluationCompleted&subject=model:anchored&limit=1000&after=1000").body();
        for (JsonNode entry : page.get("items")) {
            if (entry.get("payload").asText().contains("\"runId\":\"" + runId + "\"")) {
                found.add(entry);
            }
        }
        return found;
    }

    private static Document entryAtSequence(MongoDatabase db, long sequence) {
        Document link = db.getCollection("audit_order").find(Filters.eq("_id", sequence)).first();
        Object position = link == null ? sequence : link.get("position");
        return db.getCollection("audit_entries").find(Filters.eq("_id", position)).first();
    }

    private static AuditEntry.StoredEvent storedEvent(MongoCollection<Document> commits, long position) {
        Document commit = commits.find(Filters.eq("indexes", position)).first();
        for (Document e : commit.getList("events", Document.class)) {
            if (e.get("globalIndex", Number.class).longValue() == position) {
                return new AuditEntry.StoredEvent(position, e.getString("eventIdentifier"), e.getString("payloadType"),
                                                  e.getString("payloadRevision"), e.getString("aggregateType"),
                                                  e.getString("aggregateIdentifier"), e.get("sequenceNumber", Number.class).longValue(),
                                                  e.getString("timestamp"), e.getString("payload"), e.getString("metaData"));
            }
        }
        throw new AssertionError("no event at " + position);
    }

    private static EventMessage<?> verdict(String runId) {
        return new GenericEventMessage<>(new EvaluationCompleted(runId, "accuracy", SHA, "model", "anchored", 1, true,
                                                                 Map.of("accuracy", 0.9)),
                                         MetaData.from(SystemMetadata.of(SystemActors.EVAL, "evaluation run finished")));
    }

    private static MongoEventStorageEngine.Builder builder(MongoDatabase db) {
        return MongoEventStorageEngine.builder().database(db).eventSerializer(AxonJackson.serializer())
                                      .snapshotSerializer(AxonJackson.serializer()).gapTimeout(Duration.ofSeconds(1));
    }

    private static MongoEventStorageEngine engine(MongoDatabase db) {
        return builder(db).build();
    }
}
