package io.modelledger.platform.mongo;

import com.mongodb.MongoException;
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
