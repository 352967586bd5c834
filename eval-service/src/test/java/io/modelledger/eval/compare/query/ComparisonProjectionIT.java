package io.modelledger.eval.compare.query;

import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.contracts.eval.ComparisonCompleted.MetricComparison;
import io.modelledger.contracts.eval.ComparisonCompleted.Side;
import io.modelledger.eval.compare.api.FindComparison;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Recorded comparisons on the Mongo wire server, replayable and read back whole. */
class ComparisonProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(ComparisonProjection.class);
    private final ComparisonProjection projection = new ComparisonProjection(harness.mongo());

    private static final ComparisonCompleted RESULT = new ComparisonCompleted(
            "c-1", "qa", "f".repeat(64), "model", new Side("fraud", 1, "r-1"), new Side("fraud", 2, "r-2"),
            Map.of("acc", new MetricComparison(0.8, 0.9, 0.1, 0.02, 0.18, "mcnemar", 0.01, 200, "candidate")), "candidate-better");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void replayingTheComparisonsRebuildsTheSameDocuments() {
        harness.assertReplayable(() -> projection.on(RESULT), projection::reset);
    }

    @Test
    void aComparisonIsReadBackAsItWasRecorded() {
        projection.on(RESULT);
        assertThat(projection.handle(new FindComparison("c-1"))).contains(RESULT);
        assertThat(projection.handle(new FindComparison("c-2"))).isEmpty();
    }
}
