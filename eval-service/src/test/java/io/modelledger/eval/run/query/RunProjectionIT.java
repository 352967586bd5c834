package io.modelledger.eval.run.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.eval.EvaluationRunFailed;
import io.modelledger.contracts.eval.EvaluationRunStarted;
import io.modelledger.eval.run.api.FindRun;
import io.modelledger.eval.run.api.RunView;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs read model on the Mongo wire server. It also holds the executors' leases and progress, so it is never
 * replayed ({@code @DisallowReplay}); what must hold is that an event delivered again changes nothing, above all
 * that a redelivered start does not reset a run's progress or bring a finished run back to running.
 */
class RunProjectionIT {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private final ProjectionHarness harness = ProjectionHarness.of(RunProjection.class);
    private final List<Object> signals = new ArrayList<>();
    private final RunProjection projection = new RunProjection(harness.mongo(), signals::add);
    private final RunStore runs = new RunStore(harness.mongo());
    private final RunQueries queries = new RunQueries(runs, null, Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC));

    @AfterEach
    void close() {
        harness.close();
    }

    private static EvaluationRunStarted started(String runId, String targetKind) {
        return new EvaluationRunStarted(runId, "qa", 1, "f".repeat(64), "model", "fraud", 2, targetKind, Map.of("model", "gpt-4o"), 10, "api", null);
    }

    private void start(String runId, String targetKind) {
        projection.on(started(runId, targetKind), T0, "user:alice", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "req-1");
    }

    @Test
    void aRedeliveredStartKeepsTheRunsProgressAndAFinishedRunStaysFinished() {
        start("r-1", "openai");
        runs.saveResults("r-1", List.of(new io.modelledger.eval.run.api.CaseResult("r-1:c1", "r-1", "c1", "4", null, 5, 1, 0, 0, 0.0, null,
                                                                                     Map.of(), Map.of())));
        start("r-1", "openai");
        assertThat(runs.find("r-1").orElseThrow().casesDone()).isEqualTo(1);

        projection.on(new EvaluationCompleted("r-1", "qa", "f".repeat(64), "model", "fraud", 2, true, Map.of("acc", 0.9), 1, Map.of(), 10, 0,
                                              "user:alice", "api", "openai", null, null, null), T0.plusSeconds(60));
        var finished = harness.documents();
        start("r-1", "openai");
        projection.on(new EvaluationCompleted("r-1", "qa", "f".repeat(64), "model", "fraud", 2, true, Map.of("acc", 0.9), 1, Map.of(), 10, 0,
                                              "user:alice", "api", "openai", null, null, null), T0.plusSeconds(60));
        assertThat(harness.documents()).isEqualTo(finished);
        RunView run = queries.handle(new FindRun("r-1")).orElseThrow();
        assertThat(run.status()).isEqualTo(RunDocument.COMPLETED);
        assertThat(run.elapsedMs()).as("up to the finish, not up to now").isEqualTo(60_000);
    }

    @Test
    void aStartIsSignalledToTheExecutorAndAFailureCarriesItsReason() {
        start("r-2", "predictions");
        assertThat(signals).containsExactly(new RunProjection.RunQueued("r-2"));
        assertThat(queries.handle(new FindRun("r-2"))).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(RunDocument.RUNNING);
            assertThat(r.elapsedMs()).as("a running run's time runs to now").isEqualTo(90_000);
        });
        projection.on(new EvaluationRunFailed("r-2", "all 10 cases failed; the first: HTTP 500"), T0.plusSeconds(30));
        assertThat(queries.handle(new FindRun("r-2"))).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(RunDocument.FAILED);
            assertThat(r.failure()).isEqualTo("all 10 cases failed; the first: HTTP 500");
        });
    }
}
