package io.modelledger.monitor.deployment.query;

import io.modelledger.contracts.registry.DeploymentRetired;
import io.modelledger.contracts.registry.DeploymentRolledBack;
import io.modelledger.contracts.registry.ModelVersionDeployed;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.api.ListActiveDeployments;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployments monitor-service watches, on the Mongo wire server: a canary, its rollback, a retirement. */
class DeploymentProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(DeploymentProjection.class);
    private final DeploymentProjection projection = new DeploymentProjection(harness.mongo());
    private final DeploymentStore deployments = new DeploymentStore(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new ModelVersionDeployed("fraud", "prod", 1, 100, List.of(new TrafficSplit(1, 100))), Instant.parse("2026-11-30T08:00:00Z"));
        projection.on(new ModelVersionDeployed("fraud", "prod", 2, 10, List.of(new TrafficSplit(1, 90), new TrafficSplit(2, 10))),
                      Instant.parse("2026-11-30T09:00:00Z"));
        projection.on(new DeploymentRolledBack("fraud", "prod", List.of(new TrafficSplit(1, 90), new TrafficSplit(2, 10)),
                                               List.of(new TrafficSplit(1, 100))), Instant.parse("2026-11-30T10:00:00Z"));
        projection.on(new ModelVersionDeployed("churn", "staging", 3, 100, List.of(new TrafficSplit(3, 100))), Instant.parse("2026-11-30T08:00:00Z"));
        projection.on(new DeploymentRetired("churn", "staging", List.of(new TrafficSplit(3, 100))), Instant.parse("2026-11-30T11:00:00Z"));
    }

    @Test
    void replayingTheDeploymentsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void aRolledBackCanaryServesItsPrimaryAgainAndARetiredDeploymentIsNotActive() {
        events();
        Deployment fraud = deployments.find("fraud", "prod").orElseThrow();
        assertThat(fraud.traffic()).containsExactly(new TrafficSplit(1, 100));
        assertThat(fraud.primaryVersion()).contains(1);
        assertThat(deployments.handle(new ListActiveDeployments())).extracting(Deployment::modelName).containsExactly("fraud");
    }
}
