package io.modelledger.monitor.deployment.query;

import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.monitor.deployment.api.FindKnownModel;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model versions monitor-service accepts telemetry for, on the Mongo wire server. */
class KnownVersionProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(KnownVersionProjection.class);
    private final KnownVersionProjection projection = new KnownVersionProjection(harness.mongo(), harness.failures());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new ModelVersionRegistered("fraud", 1, "s3://m/1", "a".repeat(64), "onnx", Map.of()), Instant.parse("2026-11-01T00:00:00Z"));
        projection.on(new ModelVersionRegistered("fraud", 2, "s3://m/2", "b".repeat(64), "xgboost", Map.of()), Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void replayingTheRegistrationsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void onlyRegisteredVersionsAreKnown() {
        events();
        assertThat(projection.handle(new FindKnownVersion("fraud", 2))).hasValueSatisfying(v -> assertThat(v.framework()).isEqualTo("xgboost"));
        assertThat(projection.handle(new FindKnownVersion("fraud", 3))).isEmpty();
        assertThat(projection.handle(new FindKnownModel("fraud"))).isTrue();
        assertThat(projection.handle(new FindKnownModel("churn"))).isFalse();
    }
}
