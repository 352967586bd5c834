package io.modelledger.registry.promotion.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.promotion.api.CountOpenCriticalAlerts;
import io.modelledger.registry.promotion.api.FindVerdicts;
import io.modelledger.registry.promotion.api.Verdicts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence promotions are judged on, on the Mongo wire server: replayable, and answering what a gate asks. */
class EvidenceProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(EvidenceProjection.class);
    private final EvidenceProjection projection = new EvidenceProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private static EvaluationCompleted verdict(String run, String suite, int version, Boolean passed) {
        return new EvaluationCompleted(run, suite, "f".repeat(64), "model", "fraud", version, passed, Map.of("accuracy", 0.9), 1, Map.of(),
                                       100, 0, "alice", "api", "openai", "https://llm.example/v1", null, null);
    }

    private void events() {
        projection.on(verdict("r-1", "qa", 2, false), "e-1", Instant.parse("2026-11-30T08:00:00Z"));
        projection.on(verdict("r-2", "qa", 2, true), "e-2", Instant.parse("2026-11-30T09:00:00Z"));
        projection.on(verdict("r-3", "safety", 2, true), "e-3.with.dots", Instant.parse("2026-11-30T10:00:00Z"));
        projection.on(verdict("r-4", "qa", 3, true), "e-4", Instant.parse("2026-11-30T11:00:00Z"));
        projection.on(new AlertRaised("a-1", "fraud", AlertRaised.CRITICAL, "p95", "latency", "prod", 2, "latency_p95", 900.0, 500.0, null, null));
        projection.on(new AlertRaised("a-2", "fraud", AlertRaised.CRITICAL, "errors", "errors", "prod", 2, "error_rate", 0.2, 0.05, null, null));
        projection.on(new AlertRaised("a-3", "fraud", "warning", "drift", "drift", "prod", 2, "drift_share", 0.6, 0.5, null, null));
        projection.on(new AlertResolved("a-2", "fraud"));
    }

    @Test
    void replayingTheEvidenceRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aGateSeesEveryVerdictNewestFirstAndOnlyTheOpenCriticalAlerts() {
        events();
        Verdicts verdicts = projection.handle(new FindVerdicts("model", "fraud", 2));
        assertThat(verdicts.items()).extracting(v -> v.runId()).containsExactly("r-3", "r-2", "r-1");
        assertThat(verdicts.suites()).containsExactly("qa", "safety");
        assertThat(projection.handle(new FindVerdicts("model", "fraud", 9)).items()).isEmpty();
        assertThat(projection.handle(new CountOpenCriticalAlerts("fraud"))).isEqualTo(1);
    }
}
