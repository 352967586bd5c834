package io.modelledger.monitor.alert.command;

import io.modelledger.contracts.monitor.AlertAcknowledged;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.contracts.monitor.ReEvaluationRequested;
import io.modelledger.contracts.monitor.RetrainingRequested;
import io.modelledger.monitor.alert.api.AcknowledgeAlert;
import io.modelledger.monitor.alert.api.RaiseAlert;
import io.modelledger.monitor.alert.api.ResolveAlert;
import io.modelledger.monitor.alert.api.TrackId;
import io.modelledger.platform.domain.ConflictException;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** One alert at a time per rule and deployment, the cool-down after it, and the feedback loop's requests. */
class AlertTrackTest {

    private static final TrackId TRACK = new TrackId("drift", "fraud", "production");
    private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");
    private static final Instant W0 = T0.minusSeconds(900);
    private static final AlertRaised RAISED = new AlertRaised("drift~fraud~production~1", "fraud", "critical", "drift_share 0.67 >= 0.5",
                                                              "drift", "production", 3, "drift_share", 0.67, 0.5, W0, T0);
    private AggregateTestFixture<AlertTrack> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AlertTrack.class);
    }

    private static RaiseAlert raise(Instant now, long cooldown, boolean reEvaluate, boolean retrain) {
        return new RaiseAlert(TRACK, "critical", "drift_share 0.67 >= 0.5", 3, "drift_share", 0.67, 0.5, W0, T0, cooldown, now,
                              reEvaluate, retrain, "drift");
    }

    @Test
    void aCriticalDriftAlertCarriesTheFeedbackLoopsRequests() {
        fixture.givenNoPriorActivity()
               .when(raise(T0, 3600, true, true))
               .expectEvents(RAISED,
                             new ReEvaluationRequested(RAISED.alertId(), "model", "fraud", 3, "drift", RAISED.alertId()),
                             new RetrainingRequested(RAISED.alertId(), "fraud", 3, "drift", RAISED.alertId()))
               .expectResultMessagePayload(true);
        assertThat(TrackId.ofAlert(RAISED.alertId())).isEqualTo(TRACK);
    }

    @Test
    void noSecondRaiseWhileOneIsOpen() {
        fixture.given(RAISED).when(raise(T0.plusSeconds(60), 0, true, false)).expectNoEvents().expectResultMessagePayload(false);
    }

    @Test
    void aClearWindowResolvesTheOpenAlertOnce() {
        fixture.given(RAISED).when(new ResolveAlert(TRACK, "condition-cleared", 0.0, T0))
               .expectEvents(new AlertResolved(RAISED.alertId(), "fraud", "condition-cleared", 0.0));
        var resolved = GenericEventMessage.asEventMessage(new AlertResolved(RAISED.alertId(), "fraud", "condition-cleared", 0.0))
                                          .andMetaData(java.util.Map.of());
        fixture.given(RAISED, resolved).when(new ResolveAlert(TRACK, "condition-cleared", 0.0, T0)).expectNoEvents();
    }

    /** The cool-down holds a new raise until it has passed, counted from the resolution, not from the raise. */
    @Test
    void theCooldownHoldsTheNextRaiseUntilItHasPassedSinceTheResolution() {
        AlertRaised next = new AlertRaised("drift~fraud~production~2", "fraud", "critical", "drift_share 0.67 >= 0.5", "drift",
                                           "production", 3, "drift_share", 0.67, 0.5, W0, T0);
        AlertResolved resolved = new AlertResolved(RAISED.alertId(), "fraud", "condition-cleared", 0.0);
        Instant resolvedAt = T0.plusSeconds(3_000);
        // 3,700 s after the raise but only 700 s after the resolution: held (a cool-down from the raise would let it through)
        fixture.givenCurrentTime(T0).andGiven(RAISED).andGivenCurrentTime(resolvedAt).andGiven(resolved)
               .when(raise(T0.plusSeconds(3_700), 3600, false, false)).expectNoEvents();
        // 3,500 s after the resolution: still held
        fixture.givenCurrentTime(T0).andGiven(RAISED).andGivenCurrentTime(resolvedAt).andGiven(resolved)
               .when(raise(resolvedAt.plusSeconds(3_500), 3600, false, false)).expectNoEvents();
        // 3,700 s after the resolution: raised, with the next number; a 1 s cool-down lets the next second through
        fixture.givenCurrentTime(T0).andGiven(RAISED).andGivenCurrentTime(resolvedAt).andGiven(resolved)
               .when(raise(resolvedAt.plusSeconds(3_700), 3600, false, false)).expectEvents(next);
        fixture.givenCurrentTime(T0).andGiven(RAISED).andGivenCurrentTime(resolvedAt).andGiven(resolved)
               .when(raise(resolvedAt.plusSeconds(2), 1, false, false)).expectEvents(next);
    }

    @Test
    void onlyTheOpenAlertCanBeAcknowledged() {
        fixture.given(RAISED).when(new AcknowledgeAlert(TRACK, RAISED.alertId(), "looking"))
               .expectEvents(new AlertAcknowledged(RAISED.alertId(), "fraud", "looking"));
        fixture.given(RAISED, new AlertResolved(RAISED.alertId(), "fraud", "manual", null))
               .when(new AcknowledgeAlert(TRACK, RAISED.alertId(), "late")).expectException(ConflictException.class);
    }
}
