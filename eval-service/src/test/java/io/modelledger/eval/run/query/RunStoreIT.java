package io.modelledger.eval.run.query;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.modelledger.eval.run.api.CaseResult;
import io.modelledger.eval.run.api.Prediction;
import io.modelledger.platform.test.TestMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The runs' working store on the real wire protocol: leases between executors, progress counted once, predictions in chunks. */
class RunStoreIT {

    private static final MongoClient CLIENT = MongoClients.create(TestMongo.uri("run-store"));
    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MongoTemplate mongo = new MongoTemplate(CLIENT, "runs-" + UUID.randomUUID().toString().substring(0, 8));
    private final RunStore store = new RunStore(mongo);

    @AfterAll
    static void close() {
        CLIENT.close();
    }

    private void started(String runId, String status, Instant startedAt) {
        mongo.save(new RunDocument(runId, "suite", 1, "sha", "model", "fraud", 1, "predictions", Map.of(), "manual", status, 3, 0, 0,
                                   startedAt, null, "user:carol", null, null, null, Instant.EPOCH, 0, null, null, null, null, null));
    }

    @Test
    void eachRunningRunIsLeasedToOneExecutorAtATimeOldestFirst() {
        started("r-new", RunDocument.RUNNING, T0.plusSeconds(10));
        started("r-old", RunDocument.RUNNING, T0);
        started("r-done", RunDocument.COMPLETED, T0.minusSeconds(10));

        assertThat(store.claim("a", LEASE, T0.plusSeconds(20))).map(RunDocument::runId).contains("r-old");
        assertThat(store.claim("b", LEASE, T0.plusSeconds(20))).map(RunDocument::runId).contains("r-new");
        assertThat(store.claim("c", LEASE, T0.plusSeconds(21))).as("both leased, the finished run never").isEmpty();

        assertThat(store.renew("r-old", "b", LEASE, T0.plusSeconds(25))).as("only the holder renews").isFalse();
        assertThat(store.renew("r-old", "a", LEASE, T0.plusSeconds(25))).isTrue();
        assertThat(store.claim("c", LEASE, T0.plusSeconds(51))).as("a's renewed lease still holds; b's has run out")
                                                              .map(RunDocument::runId).contains("r-new");
        RunDocument taken = store.find("r-new").orElseThrow();
        assertThat(taken.owner()).isEqualTo("c");
        assertThat(taken.claims()).as("claimed twice: a stuck executor shows").isEqualTo(2);

        store.release("r-old", "a");
        assertThat(store.claim("d", LEASE, T0.plusSeconds(52))).as("released: free at once").map(RunDocument::runId).contains("r-old");
        assertThat(store.renew("r-old", "a", LEASE, T0.plusSeconds(53))).as("a lost it").isFalse();
    }

    @Test
    void resultsSavedTwiceAreCountedOnce() {
        started("r-1", RunDocument.RUNNING, T0);
        List<CaseResult> results = List.of(result("c1", null), result("c2", "HTTP 500 after 4 attempt(s)"));
        store.saveResults("r-1", results);
        store.saveResults("r-1", List.of(results.get(1), result("c3", null))); // a retried batch overlaps the first

        RunDocument run = store.find("r-1").orElseThrow();
        assertThat(run.casesDone()).isEqualTo(3);
        assertThat(run.casesFailed()).isEqualTo(1);
        assertThat(store.answered("r-1", List.of("c1", "c2", "c3", "c4"))).containsExactlyInAnyOrder("c1", "c2", "c3");
        assertThat(store.results("r-1", List.of("c3", "c1"))).extracting(CaseResult::caseId).containsExactlyInAnyOrder("c1", "c3");
    }

    @Test
    void predictionsRoundTripAcrossChunks() {
        List<Prediction> predictions = new ArrayList<>();
        IntStream.range(0, 2_500).forEach(i -> predictions.add(new Prediction("case-" + i, i % 2 == 0 ? "yes" : "no", i / 2_500.0)));
        store.savePredictions("r-p", predictions);
        Map<String, Prediction> read = store.predictions("r-p", 2_500);
        assertThat(read).hasSize(2_500);
        assertThat(read.get("case-2499")).isEqualTo(new Prediction("case-2499", "no", 2_499 / 2_500.0));
        assertThat(store.predictions("r-none", 10)).isEmpty();
    }

    private static CaseResult result(String caseId, String error) {
        return new CaseResult(CaseResult.id("r-1", caseId), "r-1", caseId, error == null ? "ok" : null, null, 12, 1, 3, 4, 0.001, error,
                              Map.of(), Map.of());
    }
}
