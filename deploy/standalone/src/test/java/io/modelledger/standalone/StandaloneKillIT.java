package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Standalone mode as a user runs it, in its own JVM on a data directory: after {@code kill -9} and a
 * restart, everything the platform acknowledged is there, once, and every read model (written without
 * waiting for the journal) converges to what a replay of the store builds.
 */
class StandaloneKillIT {

    private static final String SHA = "fedcba9876543210".repeat(4);

    @TempDir
    Path data;
    private String bootstrapKey;

    @Test
    void killMinus9LosesNothingAcknowledgedAndDuplicatesNothing() throws Exception {
        int[] ports = {Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort(), Http.freePort()};
        Process first = start(ports);
        Http admin = new Http("http://127.0.0.1:" + ports[1]).as(bootstrapKey);
        Http http = admin.as(admin.issueKey("user:kim", "contributor"));
        for (JsonNode processor : admin.get("/api/registry/admin/processors").body()) {
            String name = processor.path("name").asText();
            // the model catalog acknowledges its writes before the journal; the keys and the audit chain after it
            assertThat(processor.path("writes").asText()).as(name)
                                                          .isEqualTo(name.equals("access-keys") || name.equals("audit-log") ? "synced" : "deferred");
        }
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            String model = "kill-" + w;
            writers.add(Thread.ofPlatform().start(() -> {
                if (http.post("/api/registry/models", "{\"name\":\"" + model + "\"}").status() != 201) {
                    return;
                }
                acknowledged.add(model);
                for (int v = 1; ; v++) {
                    Http.Response response;
                    try {
                        response = http.post("/api/registry/models/" + model + "/versions",
                                             "{\"artifactUri\":\"s3://m/" + v + "\",\"sha256\":\"" + SHA + "\",\"framework\":\"onnx\"}");
                    } catch (RuntimeException e) {
                        return; // the platform is gone
                    }
                    if (response.status() != 201) {
                        return;
                    }
                    acknowledged.add(model + "/" + response.body().get("version").asInt());
                }
            }));
        }
        Thread.sleep(3_000);
        first.destroyForcibly(); // SIGKILL
        first.waitFor(20, TimeUnit.SECONDS);
        for (Thread writer : writers) {
            writer.join(30_000);
        }
        assertThat(acknowledged).hasSizeGreaterThan(10);

        Process second = start(ports);
        try {
            for (int w = 0; w < 3; w++) {
                String model = "kill-" + w;
                int acknowledgedVersions = (int) acknowledged.stream().filter(a -> a.startsWith(model + "/")).count();
                if (!acknowledged.contains(model)) {
                    continue;
                }
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    JsonNode stored = http.get("/api/registry/models/" + model).body();
                    // every acknowledged version is there; at most one more, whose answer the kill swallowed
                    assertThat(stored.get("latestVersion").asInt()).isBetween(acknowledgedVersions, acknowledgedVersions + 1);
                });
                int latest = http.get("/api/registry/models/" + model).body().get("latestVersion").asInt();
                List<Integer> listed = new ArrayList<>();
                http.get("/api/registry/models/" + model + "/versions?limit=500").body().get("items")
                    .forEach(item -> listed.add(item.get("version").asInt()));
                assertThat(listed).doesNotHaveDuplicates().hasSize(latest);
                await().atMost(Duration.ofSeconds(20)).until(
                        () -> http.get("/api/eval/models/" + model + "/versions/" + latest).status() == 200);
            }
            // the aggregate continues its numbering: nothing was lost or replayed into it twice
            Http.Response next = http.post("/api/registry/models/kill-0/versions",
                                           "{\"artifactUri\":\"s3://m/after\",\"sha256\":\"" + SHA + "\",\"framework\":\"onnx\"}");
            assertThat(next.status()).isEqualTo(201);
            int latest = http.get("/api/registry/models/kill-0/versions?limit=500").body().get("items").size();
            assertThat(next.body().get("version").asInt()).isGreaterThanOrEqualTo(latest);

            // every read model, written without waiting for the journal, converges to what a fresh replay builds
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + ports[0])) {
                MongoDatabase db = client.getDatabase("modelledger");
                Map<String, List<Document>> recovered = ReadModelSnapshots.settled(db);
                assertThat(recovered.get("registry_model_versions")).as("versions in the read model").hasSizeGreaterThan(10);
                List<String> replayed = ReadModelSnapshots.replayEveryReplayableProcessor(admin, "StandaloneKillIT");
                assertThat(replayed).contains("registry/model-catalog", "eval/eval-pending-versions", "monitor/monitor-known-versions");
                ReadModelSnapshots.awaitRebuiltAs(db, recovered);
            }
            System.out.printf("[standalone kill -9] acknowledged %d registrations before the kill%n", acknowledged.size());
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(int[] ports) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                                             StandaloneApplication.class.getName(),
                                             "--data=" + data, "--mongodb-port=" + ports[0],
                                             "--gateway-port=" + ports[1], "--registry-port=" + ports[2],
                                             "--eval-port=" + ports[3], "--monitor-port=" + ports[4])
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.trim().startsWith("mlk_")) {
                bootstrapKey = line.trim();
                continue; // the first start's admin key: not kept in the test's output
            }
            seen.add(line);
            if (line.startsWith("ModelLedger is ready")) {
                Thread.ofVirtual().start(() -> drain(out));
                return process;
            }
        }
        throw new IllegalStateException("Standalone mode did not start:\n" + String.join("\n", seen));
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
}
