package io.modelledger.platform.mongo;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The durable backend's two classes of document writes, seen from a MongoDB driver. */
class DurableH2BackendTest {

    @TempDir
    Path data;

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
            assertThat(backend.unjournaledCount()).isEqualTo(400);
            // one sync per write would be 400; the journal commit runs every 100 ms
            assertThat(backend.syncCount() - syncsBefore).isLessThan(100);
            assertThat(docs.countDocuments()).as("applied at once: visible to the next read").isEqualTo(201);
            await().atMost(Duration.ofSeconds(2)).until(() -> !backend.getMvStore().hasUnsavedChanges());

            // a drop is never deferred, whatever the client asks
            long syncs = backend.syncCount();
            waived.drop();
            assertThat(backend.syncCount()).isGreaterThan(syncs);
            assertThat(backend.unjournaledCount()).isEqualTo(400);
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }
}
