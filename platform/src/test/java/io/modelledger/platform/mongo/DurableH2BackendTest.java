package io.modelledger.platform.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The durable backend's two classes of document writes, seen from a MongoDB driver. */
class DurableH2BackendTest {

    @TempDir
    Path data;

    @Test
    void uniqueIndexesFindEveryKindOfKeyAndRefuseADuplicate() {
        withServer(DurableH2Backend.open(data.resolve("keys.mv")), docs -> {
            List<Object> ids = List.of("a", "b", 7, 7.5, true, UUID.fromString("5c1b6a4e-1f0e-4d2c-9a7b-2f3e4d5c6b7a"), new ObjectId(),
                                       new Document("nested", 1), Instant.parse("2026-12-01T00:00:00Z"));
            for (Object id : ids) {
                docs.insertOne(new Document("_id", id).append("k", String.valueOf(id)));
            }
            for (Object id : ids) {
                assertThat(docs.find(new Document("_id", id)).first()).as(String.valueOf(id)).isNotNull();
            }
            assertThat(docs.find(new Document("_id", new Document("$in", List.of("b", 7.5, "none")))).into(new ArrayList<>())).hasSize(2);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "a"))).isInstanceOfSatisfying(MongoWriteException.class,
                    e -> assertThat(e.getError().getCode()).isEqualTo(11000));
            // numbers compare by value, as in MongoDB: 7L is the key 7
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", 7L))).isInstanceOf(MongoWriteException.class);
            docs.deleteMany(new Document());
            assertThat(docs.find(new Document("_id", "a")).first()).as("a deleted key").isNull();
            docs.createIndex(new Document("tenant", 1).append("name", 1), new IndexOptions().unique(true));
            docs.insertOne(new Document("_id", "c1").append("tenant", "t").append("name", "n"));
            docs.insertOne(new Document("_id", "c2").append("tenant", "t").append("name", "m"));
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "c3").append("tenant", "t").append("name", "n")))
                    .isInstanceOf(MongoWriteException.class);
            docs.deleteOne(new Document("_id", "c1"));
            docs.insertOne(new Document("_id", "c3").append("tenant", "t").append("name", "n"));
        });
    }

    @Test
    void aStoreWrittenWithTheGenericKeyTypeIsReindexedOnceAndKeepsEveryDocument() {
        Path file = data.resolve("old.mv");
        withServer(new H2Backend(new MVStore.Builder().fileName(file.toString()).open()), docs -> {
            for (int i = 0; i < 500; i++) {
                docs.insertOne(new Document("_id", "doc-" + i).append("tenant", "t" + (i % 7)).append("n", i));
            }
            docs.createIndex(new Document("tenant", 1).append("n", 1), new IndexOptions().unique(true));
        });
        for (int round = 0; round < 2; round++) { // the second open finds the store marked and changes nothing
            int opened = round;
            withServer(DurableH2Backend.open(file), docs -> {
                assertThat(docs.countDocuments()).isGreaterThanOrEqualTo(500);
                for (int i = 0; i < 500; i += 37) {
                    assertThat(docs.find(new Document("_id", "doc-" + i)).first()).isNotNull();
                    assertThat(docs.find(new Document("tenant", "t" + (i % 7)).append("n", i)).first()).isNotNull();
                }
                assertThatThrownBy(() -> docs.insertOne(new Document("_id", "doc-3"))).isInstanceOf(MongoWriteException.class);
                assertThatThrownBy(() -> docs.insertOne(new Document("_id", "other").append("tenant", "t3").append("n", 3)))
                        .isInstanceOf(MongoWriteException.class);
                docs.insertOne(new Document("_id", "new-" + opened).append("tenant", "new").append("n", opened));
            });
        }
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertThat(store.<String, Object>openMap(DurableH2Backend.FORMAT_MAP).get(DurableH2Backend.INDEX_KEYS))
                    .isEqualTo(DurableH2Backend.INDEX_KEY_FORMAT);
        } finally {
            store.close();
        }
    }

    @Test
    void collectionStatisticsCountTheDataSizeOfWhatIsStoredWhenAsked() {
        Path file = data.resolve("sized.mv");
        withServer(new H2Backend(new MVStore.Builder().fileName(file.toString()).open()), docs -> { // kept a running size
            for (int i = 0; i < 50; i++) {
                docs.insertOne(new Document("_id", "doc-" + i).append("n", i));
            }
        });
        withDatabase(DurableH2Backend.open(file), database -> {
            MongoCollection<Document> docs = database.getCollection("docs");
            docs.updateOne(new Document("_id", "doc-1"), new Document("$push", new Document("grown", "x".repeat(300))));
            docs.insertOne(new Document("_id", "added").append("list", List.of(1, 2L, 3.5, "four")));
            docs.deleteOne(new Document("_id", "doc-2"));
            docs.replaceOne(new Document("_id", "doc-3"), new Document("_id", "doc-3").append("other", "shape"));
            long expected = 0;
            for (Document stored : docs.find()) {
                expected += new org.bson.RawBsonDocument(stored, new org.bson.codecs.DocumentCodec()).getByteBuffer().remaining();
            }
            Document stats = database.runCommand(new Document("collStats", "docs"));
            assertThat(stats.get("count", Number.class).longValue()).isEqualTo(50);
            assertThat(stats.get("size", Number.class).longValue()).isEqualTo(expected);
        });
    }

    @Test
    void binaryDataOfAMegabyteComesBackAsWrittenAfterARestart() { // eval-service stores 500 embeddings in 768 KB
        Path file = data.resolve("binary.mv");
        byte[] vectors = new byte[1 << 20];
        new java.util.Random(7).nextBytes(vectors);
        withServer(DurableH2Backend.open(file), docs -> docs.insertOne(new Document("_id", "v").append("vectors", new org.bson.types.Binary(vectors))));
        withServer(DurableH2Backend.open(file), docs ->
                assertThat(docs.find().first().get("vectors", org.bson.types.Binary.class).getData()).isEqualTo(vectors));
    }

    private static void withServer(H2Backend backend, java.util.function.Consumer<MongoCollection<Document>> use) {
        withDatabase(backend, database -> use.accept(database.getCollection("docs")));
    }

    private static void withDatabase(H2Backend backend, java.util.function.Consumer<com.mongodb.client.MongoDatabase> use) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/?uuidRepresentation=standard")) {
            use.accept(client.getDatabase("d"));
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    @Test
    void aWriteThatWaivesTheJournalIsAnsweredBeforeItsSyncAndReachesDiskWithTheJournalCommit() {
        DurableH2Backend backend = DurableH2Backend.open(data.resolve("store.mv"));
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> docs = client.getDatabase("d").getCollection("docs");
            docs.insertOne(new Document("_id", "synced"));
            await().atMost(Duration.ofSeconds(2)).until(() -> backend.getMvStore().hasUnsavedChanges() == false);
            long syncsBefore = backend.syncCount();

            MongoCollection<Document> waived = docs.withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(false));
            for (int i = 0; i < 200; i++) {
                waived.insertOne(new Document("_id", "waived-" + i));
                waived.updateOne(new Document("_id", "waived-" + i), new Document("$set", new Document("n", i)));
            }
            // the driver names these two in camel case (findAndModify), the server takes any case
            waived.findOneAndUpdate(new Document("_id", "waived-0"), new Document("$set", new Document("n", -1)));
            waived.deleteOne(new Document("_id", "waived-199"));
            assertThat(backend.unjournaledCount()).isEqualTo(402);
            // one sync per write would be 402; the journal commit runs every 100 ms
            assertThat(backend.syncCount() - syncsBefore).isLessThan(100);
            assertThat(docs.countDocuments()).as("applied at once: visible to the next read").isEqualTo(200);
            await().atMost(Duration.ofSeconds(2)).until(() -> !backend.getMvStore().hasUnsavedChanges());

            backend.compact(); // the housekeeping H2's background writer did, between two commands
            assertThat(docs.countDocuments()).isEqualTo(200);

            // a drop is never deferred, whatever the client asks
            long syncs = backend.syncCount();
            waived.drop();
            assertThat(backend.syncCount()).isGreaterThan(syncs);
            assertThat(backend.unjournaledCount()).isEqualTo(402);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }
}
