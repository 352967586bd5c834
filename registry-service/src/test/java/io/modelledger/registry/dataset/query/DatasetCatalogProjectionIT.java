package io.modelledger.registry.dataset.query;

import io.modelledger.contracts.registry.DatasetRegistered;
import io.modelledger.contracts.registry.DatasetVersionRef;
import io.modelledger.contracts.registry.DatasetVersionRegistered;
import io.modelledger.contracts.registry.Lineage;
import io.modelledger.contracts.registry.ModelVersionRef;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.platform.test.ProjectionHarness;
import io.modelledger.registry.dataset.api.FindDataset;
import io.modelledger.registry.dataset.api.FindDatasetConsumers;
import io.modelledger.registry.dataset.api.FindDatasetVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dataset catalog on the Mongo wire server: versions, and lineage the other way (which model versions used one). */
class DatasetCatalogProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(DatasetCatalogProjection.class);
    private final DatasetCatalogProjection projection = new DatasetCatalogProjection(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private static ModelVersionRegistered trainedOn(int version, DatasetVersionRef... training) {
        return new ModelVersionRegistered("fraud", version, "s3://m/" + version, "a".repeat(64), "onnx", Map.of(), null, null, null, null, null,
                                          new Lineage(List.of(training), List.of(new DatasetVersionRef("claims", 2)), null, null, null, null), null);
    }

    private void events() {
        projection.on(new DatasetRegistered("claims", "claims 2026", "risk", Map.of("pii", "yes")), Instant.parse("2026-11-01T00:00:00Z"), "user:alice");
        projection.on(new DatasetVersionRegistered("claims", 1, "s3://d/1", "c".repeat(64), 1000L, Map.of(), true),
                      Instant.parse("2026-11-02T00:00:00Z"), "user:alice");
        projection.on(new DatasetVersionRegistered("claims", 2, "s3://d/2", "d".repeat(64), 2000L, Map.of(), true),
                      Instant.parse("2026-11-03T00:00:00Z"), "user:alice");
        projection.on(trainedOn(1, new DatasetVersionRef("claims", 1)));
        projection.on(trainedOn(2, new DatasetVersionRef("claims", 2)));
    }

    @Test
    void replayingTheCatalogRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aDatasetVersionKnowsEveryModelVersionBuiltOnItOnce() {
        events();
        assertThat(projection.handle(new FindDataset("claims"))).hasValueSatisfying(d -> assertThat(d.latestVersion()).isEqualTo(2));
        assertThat(projection.handle(new FindDatasetVersion("claims", 1))).hasValueSatisfying(v -> assertThat(v.rowCount()).isEqualTo(1000L));
        assertThat(projection.handle(new FindDatasetConsumers("claims", 2)).modelVersions())
                .as("version 2 trained one model and validated both, each counted once")
                .containsExactlyInAnyOrder(new ModelVersionRef("fraud", 1), new ModelVersionRef("fraud", 2));
        assertThat(projection.handle(new FindDatasetConsumers("claims", 1)).modelVersions()).containsExactly(new ModelVersionRef("fraud", 1));
    }
}
