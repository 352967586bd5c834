package io.modelledger.eval.pending.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.eval.pending.api.FindEvaluationStatus;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What eval-service owes each model version, on the Mongo wire server: awaiting until a verdict, and replayable. */
class PendingEvaluationProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(PendingEvaluationProjection.class);
    private final PendingEvaluationProjection projection = new PendingEvaluationProjection(harness.mongo(), harness.failures());

    @AfterEach
    void close() {
        harness.close();
    }

    private static EvaluationCompleted verdict(String subjectKind, String name, int version, Boolean passed) {
        return new EvaluationCompleted("r-" + version, "qa", "f".repeat(64), subjectKind, name, version, passed, Map.of(), 1, Map.of(), 10, 0,
                                       "alice", "api", "openai", null, null, null);
    }

    private void events() {
        projection.on(new ModelVersionRegistered("fraud", 1, "s3://m/1", "a".repeat(64), "onnx", Map.of()), Instant.parse("2026-11-01T00:00:00Z"), "user:alice");
        projection.on(new ModelVersionRegistered("fraud", 2, "s3://m/2", "b".repeat(64), "onnx", Map.of()), Instant.parse("2026-11-02T00:00:00Z"), "user:alice");
        projection.on(verdict("model", "fraud", 1, true));
        projection.on(verdict("prompt", "fraud", 2, false));
    }

    @Test
    void replayingTheRegistrationsAndVerdictsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aVersionAwaitsEvaluationUntilAModelVerdictArrives() {
        events();
        assertThat(projection.handle(new FindEvaluationStatus("fraud", 1))).hasValueSatisfying(v -> assertThat(v.status()).isEqualTo("passed"));
        assertThat(projection.handle(new FindEvaluationStatus("fraud", 2)))
                .as("a prompt's verdict under the same name changes nothing")
                .hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(PendingEvaluationProjection.AWAITING));
        assertThat(projection.handle(new FindEvaluationStatus("fraud", 3))).isEmpty();
    }
}
