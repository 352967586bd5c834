package io.modelledger.monitor.alert.query;

import io.modelledger.contracts.monitor.AlertAcknowledged;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.contracts.monitor.ReEvaluationRequested;
import io.modelledger.contracts.monitor.RetrainingRequested;
import io.modelledger.monitor.alert.api.AlertView;
import io.modelledger.monitor.alert.api.FindAlert;
import io.modelledger.monitor.alert.api.ListAlerts;
import io.modelledger.platform.test.ProjectionHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert read model on the Mongo wire server: an alert's lifecycle, replayable, answered through its queries. */
class AlertProjectionIT {

    private final ProjectionHarness harness = ProjectionHarness.of(AlertProjection.class);
    private final AlertProjection projection = new AlertProjection(harness.mongo());
    private final AlertStore alerts = new AlertStore(harness.mongo());

    @AfterEach
    void close() {
        harness.close();
    }

    private void events() {
        projection.on(new AlertRaised("a-1", "fraud", "critical", "p95 900 ms", "slow", "prod", 2, "latency_p95", 900.0, 500.0,
                                      Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-11-30T08:05:00Z")), Instant.parse("2026-11-30T08:05:01Z"));
        projection.on(new AlertRaised("a-2", "churn", "warning", "drift", "drift", "prod", 1, "drift_share", 0.6, 0.5, null, null),
                      Instant.parse("2026-11-30T09:00:00Z"));
        projection.on(new AlertAcknowledged("a-1", "fraud", "on it"), Instant.parse("2026-11-30T08:10:00Z"), "user:bob");
        projection.on(new ReEvaluationRequested("q-1", "model", "fraud", 2, "critical alert", "a-1"));
        projection.on(new RetrainingRequested("q-2", "fraud", 2, "critical alert", "a-1"));
        projection.on(new AlertResolved("a-1", "fraud", "clear", 300.0), Instant.parse("2026-11-30T08:30:00Z"));
    }

    @Test
    void replayingTheAlertsRebuildsTheSameDocuments() {
        harness.assertReplayable(this::events, projection::reset);
    }

    @Test
    void anAlertCarriesItsWholeLifecycleAndTheFeedbackLoopItStarted() {
        events();
        AlertView alert = alerts.handle(new FindAlert("a-1")).orElseThrow();
        assertThat(alert.status()).isEqualTo("resolved");
        assertThat(alert.acknowledgedBy()).isEqualTo("user:bob");
        assertThat(alert.note()).isEqualTo("on it");
        assertThat(alert.resolution()).isEqualTo("clear");
        assertThat(alert.reEvaluationRequested()).isTrue();
        assertThat(alert.retrainingRequested()).isTrue();
        assertThat(alerts.handle(new ListAlerts(null, "open", 10))).extracting(AlertView::alertId).containsExactly("a-2");
        assertThat(alerts.handle(new ListAlerts(null, null, 10))).extracting(AlertView::alertId).containsExactly("a-2", "a-1");
        assertThat(alerts.openCount()).isEqualTo(1);
    }
}
