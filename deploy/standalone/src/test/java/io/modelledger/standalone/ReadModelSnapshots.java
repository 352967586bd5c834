package io.modelledger.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every read model of the platform, document by document, and what a replay of every replayable processor makes of it. */
final class ReadModelSnapshots {

    /**
     * Collections no processor writes (or a replay keeps): telemetry with its online scores, captured text, canary
     * evidence and delayed labels, reference samples, suite contents, run results and predictions, the event store,
     * the audit chain, windows and their cursors, the canary job's state, and the runs read model (not replayable).
     */
    private static final List<String> NOT_READ_MODELS = List.of("event_commits", "axon_tokens", "axon_sagas", "late_commits",
            "gateway_rate_limits", "monitor_telemetry", "monitor_telemetry_minutes", "monitor_telemetry_scores",
            "monitor_telemetry_content", "monitor_windows", "monitor_window_cursors", "monitor_canary_minutes", "monitor_canary_state",
            "monitor_inference_ids", "monitor_telemetry_labels", "monitor_label_changes", "monitor_guard_buckets", "monitor_guard_blocks",
            "monitor_references", "eval_suite_cases", "eval_suite_contents", "eval_case_results", "eval_run_predictions",
            "eval_runs", "eval_subject_runs");

    private static final List<String> SERVICES = List.of("registry", "eval", "monitor");

    private ReadModelSnapshots() {
    }

    /** The read models once nothing is in flight: two snapshots a second apart agree. */
    static Map<String, List<Document>> settled(MongoDatabase db) {
        Map<String, List<Document>>[] last = new Map[]{snapshot(db)};
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, List<Document>> now = snapshot(db);
            boolean same = now.equals(last[0]);
            last[0] = now;
            return same;
        });
        return last[0];
    }

    static Map<String, List<Document>> snapshot(MongoDatabase db) {
        Map<String, List<Document>> collections = new TreeMap<>();
        for (String name : db.listCollectionNames()) {
            if (NOT_READ_MODELS.contains(name) || name.startsWith("audit_") || name.contains("idempotency")
                    || name.startsWith("system.") || name.startsWith("event_")) {
                continue;
            }
            collections.put(name, db.getCollection(name).find().sort(new Document("_id", 1)).into(new ArrayList<>()));
        }
        return collections;
    }

    /** Replays, one after another, every processor that says it is replayable; answers their names as {@code service/name}. */
    static List<String> replayEveryReplayableProcessor(Http admin, String reason) {
        List<String> replayed = new ArrayList<>();
        for (String service : SERVICES) {
            for (JsonNode processor : admin.get("/api/" + service + "/admin/processors").body()) {
                if (!processor.path("replayable").asBoolean()) {
                    continue;
                }
                String name = processor.path("name").asText();
                Http.Response replay = admin.post("/api/" + service + "/admin/processors/" + name + "/replays",
                                                  "{\"reason\":\"" + reason + "\"}");
                assertThat(replay.status()).as(service + " " + name + ": " + replay.body()).isEqualTo(200);
                replayed.add(service + "/" + name);
                // while the key read model is rebuilt, a key is neither accepted nor refused: 503, then 200 again
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    Http.Response answer = admin.get("/api/audit/public-key"); // authenticated, and reads no read model
                    assertThat(answer.status()).as("a key during a replay of " + name + ": " + answer.body()).isIn(200, 503);
                    return answer.status() == 200;
                });
            }
        }
        return replayed;
    }

    /** Waits until the read models are document for document {@code expected}; names each one that is not. */
    static void awaitRebuiltAs(MongoDatabase db, Map<String, List<Document>> expected) {
        Map<String, List<Document>>[] after = new Map[1];
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                after[0] = snapshot(db);
                return after[0].equals(expected);
            });
        } catch (ConditionTimeoutException e) {
            List<String> differing = new ArrayList<>();
            Set<String> names = new TreeSet<>(expected.keySet());
            names.addAll(after[0].keySet());
            for (String collection : names) {
                List<Document> was = expected.get(collection);
                List<Document> now = after[0].get(collection);
                if (!Objects.equals(was, now)) {
                    differing.add(collection + ": " + (was == null ? "none" : was.size()) + " → " + (now == null ? "none" : now.size())
                            + " documents; first before " + (was == null || was.isEmpty() ? "-" : was.getFirst().toJson())
                            + "; first after " + (now == null || now.isEmpty() ? "-" : now.getFirst().toJson()));
                }
            }
            assertThat(differing).as("read models that a replay does not rebuild to the same documents").isEmpty();
        }
    }
}
