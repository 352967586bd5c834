package io.modelledger.platform.mongo;

import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standalone mode's promise: a write the embedded server acknowledged survives {@code kill -9} of its JVM.
 * Writers insert until the server process is killed hard; after a restart on the same data directory
 * every acknowledged document is there.
 */
class DurableEmbeddedMongoKillIT {

    @TempDir
    Path data;

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        int port = freePort();
        Process server = startServer(port);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Thread> writers = new ArrayList<>();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000&socketTimeoutMS=2000")) {
            MongoCollection<Document> docs = client.getDatabase("durability").getCollection("docs");
            docs.insertOne(new Document("_id", "warmup"));
            acknowledged.add("warmup");
            for (int w = 0; w < 4; w++) {
                String writer = "w" + w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; ; i++) {
                        String id = writer + "-" + i;
                        try {
                            docs.insertOne(new Document("_id", id).append("payload", "x".repeat(200)));
                            acknowledged.add(id);
                        } catch (MongoException e) {
                            return; // the server is gone
                        }
                    }
                }));
            }
            Thread.sleep(2_000);
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the store
            server.waitFor(10, TimeUnit.SECONDS);
            for (Thread writer : writers) {
                writer.join(15_000);
            }
        }
        assertThat(acknowledged.size()).as("writes acknowledged before the kill").isGreaterThan(50);

        Process restarted = startServer(port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            Set<String> stored = new HashSet<>();
            client.getDatabase("durability").getCollection("docs").find().forEach(d -> stored.add(d.getString("_id")));
            assertThat(stored).containsAll(acknowledged);
            System.out.printf("[kill-9] acknowledged %d, stored after restart %d%n", acknowledged.size(), stored.size());
        } finally {
            restarted.destroy();
            restarted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Writes that waive the journal ({@code j: false}, as read models and their tokens do) interleaved with synced
     * ones: after {@code kill -9} the store holds a prefix of what was applied, so every write a writer had
     * acknowledged before its last acknowledged synced write is there. Waived writes with no synced write after
     * them reach the file with the journal commit. (A kill keeps the operating system's page cache: this checks
     * what the store commits and in which order, not the disk's sync.)
     */
    @Test
    void aSyncedWriteKeepsTheUnjournaledWritesBeforeIt() throws Exception {
        int port = freePort();
        Process server = startServer(port);
        int writers = 3;
        List<List<String>> acknowledged = new ArrayList<>();
        List<Set<String>> synced = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000&socketTimeoutMS=2000")) {
            MongoCollection<Document> journaled = client.getDatabase("durability").getCollection("docs");
            MongoCollection<Document> waived = journaled.withWriteConcern(WriteConcern.ACKNOWLEDGED.withJournal(false));
            waived.insertOne(new Document("_id", "lone"));
            Thread.sleep(1_000); // ten journal commits, and no synced write after it
            for (int w = 0; w < writers; w++) {
                String writer = "w" + w;
                List<String> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                Set<String> mineSynced = ConcurrentHashMap.newKeySet();
                acknowledged.add(mine);
                synced.add(mineSynced);
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; ; i++) {
                        String id = writer + "-" + i;
                        boolean sync = i % 10 == 9;
                        try {
                            (sync ? journaled : waived).insertOne(new Document("_id", id).append("payload", "x".repeat(200)));
                        } catch (MongoException e) {
                            return; // the server is gone
                        }
                        mine.add(id);
                        if (sync) {
                            mineSynced.add(id);
                        }
                    }
                }));
            }
            Thread.sleep(2_000);
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            for (Thread thread : threads) {
                thread.join(15_000);
            }
        }

        Process restarted = startServer(port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            Set<String> stored = new HashSet<>();
            client.getDatabase("durability").getCollection("docs").find().forEach(d -> stored.add(d.getString("_id")));
            assertThat(stored).as("an unjournaled write with nothing after it, a second before the kill").contains("lone");
            int kept = 0;
            for (int w = 0; w < writers; w++) {
                List<String> mine = acknowledged.get(w);
                int lastSynced = -1;
                for (int i = 0; i < mine.size(); i++) {
                    if (synced.get(w).contains(mine.get(i))) {
                        lastSynced = i;
                    }
                }
                assertThat(lastSynced).as("writer " + w + " had a synced write acknowledged").isGreaterThan(0);
                assertThat(stored).as("writer " + w + ": everything acknowledged up to its last synced write")
                                  .containsAll(mine.subList(0, lastSynced + 1));
                kept += lastSynced + 1;
            }
            System.out.printf("[kill-9, j:false] %d writes kept by the synced writes after them, %d stored after restart%n", kept, stored.size());
        } finally {
            restarted.destroy();
            restarted.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startServer(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                             EmbeddedMongoServerMain.class.getName(), data.toString(), String.valueOf(port))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("LISTENING")) {
                Thread.ofVirtual().start(() -> drain(out));
                return process;
            }
        }
        throw new IllegalStateException("The embedded server did not start; exit " + process.exitValue());
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // keep the child's pipe from filling up
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
