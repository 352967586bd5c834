package io.modelledger.monitor.window.job;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.MonitorProperties;
import io.modelledger.monitor.alert.api.RaiseAlert;
import io.modelledger.monitor.alert.api.ResolveAlert;
import io.modelledger.monitor.alert.api.TrackId;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.quality.OnlineScoring;
import io.modelledger.monitor.window.api.WindowView;
import io.modelledger.monitor.window.query.WindowMetrics;
import io.modelledger.monitor.window.query.WindowStore;
import io.modelledger.platform.test.MutableClock;
import io.modelledger.platform.test.ProjectionHarness;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The window job with its window store on the Mongo wire server: each closed window is computed and judged once,
 * a breached rule raises an alert as monitor-service, a clear window resolves it, and a policy's negative-feedback
 * share becomes a rule of its own carrying the feedback loop's requests.
 */
class WindowEvaluatorIT {

    private static final Instant NOW = Instant.parse("2026-11-30T08:20:00Z");
    private static final Deployment FRAUD = new Deployment("fraud|prod", "fraud", "prod", List.of(new TrafficSplit(2, 100)), Instant.EPOCH);
    private static final AlertRuleDefined SLOW = new AlertRuleDefined("slow", "fraud", "prod", "latency_p95", ">", 500, 300, "critical", 3600);

    private final ProjectionHarness harness = ProjectionHarness.of(WindowEvaluator.class);
    private final DeploymentStore deployments = mock(DeploymentStore.class);
    private final PolicyStore policies = mock(PolicyStore.class);
    private final WindowMetrics metrics = mock(WindowMetrics.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final OnlineScoring scoring = mock(OnlineScoring.class);
    private final io.modelledger.monitor.guard.query.GuardActivityStore guard = mock(io.modelledger.monitor.guard.query.GuardActivityStore.class);
    private final MutableClock clock = new MutableClock(NOW);
    private final Map<String, Double> measured = new HashMap<>();
    /** Metrics of particular windows, by their start (the others are {@link #measured}). */
    private final Map<Instant, Map<String, Double>> measuredAt = new HashMap<>();
    private long records = 100;
    private Instant scoredThrough;
    private WindowEvaluator evaluator;

    @BeforeEach
    void oneDeploymentOfOneModelWithARuleOnFiveMinuteWindows() {
        when(scoring.scoredThrough()).thenAnswer(call -> scoredThrough == null ? clock.instant() : scoredThrough);
        when(guard.flushedThrough()).thenAnswer(call -> clock.instant());
        when(deployments.active()).thenReturn(List.of(FRAUD));
        when(policies.rules("fraud")).thenReturn(List.of(SLOW, new AlertRuleDefined("staging-only", "fraud", "staging", "error_rate", ">", 0, 300,
                                                                                        "warning", 3600)));
        when(policies.policy("fraud")).thenReturn(Optional.empty());
        when(metrics.compute(any(), any(), any())).thenAnswer(call -> {
            Deployment deployment = call.getArgument(0);
            Instant start = call.getArgument(1);
            Instant end = call.getArgument(2);
            long seconds = Duration.between(start, end).toSeconds();
            return new WindowView(WindowView.id(deployment.modelName(), deployment.environment(), seconds, start), deployment.modelName(),
                                  deployment.environment(), seconds, start, end, 2, records, false,
                                  Map.copyOf(measuredAt.getOrDefault(start, measured)), List.of(), clock.instant());
        });
        evaluator = new WindowEvaluator(deployments, policies, metrics, new WindowStore(harness.mongo()), commands,
                                        new MonitorProperties(List.of(Duration.ofMinutes(15)), null, Duration.ofSeconds(10), null), scoring,
                                        new io.modelledger.monitor.telemetry.query.LabelStore(harness.mongo()), guard, clock);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private List<CommandMessage<?>> sent() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, org.mockito.Mockito.atLeast(0)).sendAndWait(sent.capture());
        return sent.getAllValues();
    }

    @Test
    void aBreachedRuleRaisesOneAlertForTheLastClosedWindowAsMonitorService() {
        measured.put("latency_p95", 812.0);
        evaluator.evaluate();
        evaluator.evaluate();
        List<CommandMessage<?>> sent = sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().getPayload()).isInstanceOfSatisfying(RaiseAlert.class, raise -> {
            assertThat(raise.trackId()).isEqualTo(new TrackId("slow", "fraud", "prod"));
            assertThat(raise.windowStart()).isEqualTo(Instant.parse("2026-11-30T08:10:00Z"));
            assertThat(raise.windowEnd()).isEqualTo(Instant.parse("2026-11-30T08:15:00Z"));
            assertThat(raise.value()).isEqualTo(812.0);
            assertThat(raise.modelVersion()).isEqualTo(2);
            assertThat(raise.reEvaluate()).isFalse();
        });
        assertThat(sent.getFirst().getMetaData()).containsEntry(MetadataKeys.ACTOR, SystemActors.MONITOR);
        verify(metrics, times(1)).compute(eq(FRAUD), eq(Instant.parse("2026-11-30T08:10:00Z")), eq(Instant.parse("2026-11-30T08:15:00Z")));
        verify(metrics, times(1)).compute(eq(FRAUD), eq(Instant.parse("2026-11-30T08:00:00Z")), eq(Instant.parse("2026-11-30T08:15:00Z")));
    }

    @Test
    void labelsThatArriveAWindowLaterChangeThatWindowAndADecayRuleOnAccuracyRaisesItsAlertButAnOlderWindowResolvesNothing() {
        AlertRuleDefined decay = new AlertRuleDefined("decay", "fraud", "prod", "accuracy", "<", 0.8, 300, "critical", 3600);
        when(policies.rules("fraud")).thenReturn(List.of(decay));
        Instant judged = Instant.parse("2026-11-30T08:10:00Z"); // the last closed 5-minute window, judged without labels
        evaluator.evaluate();
        assertThat(sent()).isEmpty();
        verify(metrics).compute(FRAUD, judged, judged.plusSeconds(300));

        clock.advance(Duration.ofMinutes(5)); // a window later, the labels of 08:12 arrive: accuracy 0.5 there
        measuredAt.put(judged, Map.of("accuracy", 0.5, "labelled_records", 40.0, "label_coverage", 1.0));
        var labels = new io.modelledger.monitor.telemetry.query.LabelStore(harness.mongo());
        labels.markChanged("fraud", "prod", List.of(Instant.parse("2026-11-30T08:12:00Z").toEpochMilli()));
        evaluator.evaluate();
        verify(metrics, org.mockito.Mockito.times(2)).compute(org.mockito.ArgumentMatchers.argThat(d -> d.modelName().equals("fraud")),
                                                               org.mockito.ArgumentMatchers.eq(judged),
                                                               org.mockito.ArgumentMatchers.eq(judged.plusSeconds(300)));
        assertThat(new WindowStore(harness.mongo()).series("fraud", "prod", Duration.ofMinutes(5), judged, judged.plusSeconds(1)))
                .singleElement().satisfies(w -> assertThat(w.metrics()).containsEntry("accuracy", 0.5));
        assertThat(sent()).filteredOn(c -> c.getPayload() instanceof RaiseAlert).singleElement()
                .satisfies(c -> assertThat(((RaiseAlert) c.getPayload()).metric()).isEqualTo("accuracy"));
        assertThat(labels.takeChangedMinutes("fraud", "prod")).as("taken").isEmpty();

        // labels of the next window say the model is still poor, and late labels of the older one say it was fine: the
        // newer window is how the model does now, so the older one resolves nothing
        Instant next = judged.plusSeconds(300);
        measuredAt.put(next, Map.of("accuracy", 0.6, "labelled_records", 40.0, "label_coverage", 1.0));
        measuredAt.put(judged, Map.of("accuracy", 0.95, "labelled_records", 40.0, "label_coverage", 1.0));
        labels.markChanged("fraud", "prod", List.of(Instant.parse("2026-11-30T08:12:00Z").toEpochMilli(),
                                                    Instant.parse("2026-11-30T08:17:00Z").toEpochMilli()));
        evaluator.evaluate();
        assertThat(sent()).noneMatch(c -> c.getPayload() instanceof ResolveAlert);
    }

    @Test
    void aLabelForAWindowNotJudgedYetIsKeptForALaterLook() {
        when(policies.rules("fraud")).thenReturn(List.of());
        var labels = new io.modelledger.monitor.telemetry.query.LabelStore(harness.mongo());
        labels.markChanged("fraud", "prod", List.of(Instant.parse("2026-11-30T08:19:00Z").toEpochMilli())); // its window closes at 08:20
        evaluator.evaluate();
        assertThat(labels.takeChangedMinutes("fraud", "prod")).containsExactly(Instant.parse("2026-11-30T08:19:00Z").toEpochMilli());
    }

    @Test
    void aClearWindowResolvesTheAlertAndAWindowWithoutRecordsJudgesNothing() {
        measured.put("latency_p95", 120.0);
        evaluator.evaluate();
        assertThat(sent()).singleElement().satisfies(c -> assertThat(c.getPayload()).isInstanceOf(ResolveAlert.class));

        clock.advance(Duration.ofMinutes(5));
        records = 0;
        measured.put("latency_p95", 900.0);
        evaluator.evaluate();
        verify(commands, never()).sendAndWait(org.mockito.ArgumentMatchers.argThat((CommandMessage<?> c) -> c.getPayload() instanceof RaiseAlert));
    }

    @Test
    void aPolicysNegativeFeedbackShareIsARuleThatAsksForReEvaluation() {
        when(policies.rules("fraud")).thenReturn(List.of());
        when(policies.policy("fraud")).thenReturn(Optional.of(new MonitoringPolicyDefined("fraud", 0.05, 0.1, 0.5, Map.of(), false, false, 0.2,
                                                                                           true, false)));
        measured.put("negative_feedback_share", 0.35);
        evaluator.evaluate();
        assertThat(sent()).singleElement().satisfies(c -> assertThat(c.getPayload()).isInstanceOfSatisfying(RaiseAlert.class, raise -> {
            assertThat(raise.trackId().ruleId()).isEqualTo(WindowEvaluator.NEGATIVE_FEEDBACK_RULE);
            assertThat(raise.severity()).isEqualTo("warning");
            assertThat(raise.reEvaluate()).isTrue();
            assertThat(raise.retrain()).isFalse();
            assertThat(raise.cause()).isEqualTo("negative-feedback");
        }));
    }

    @Test
    void aTwoSecondRuleRaisesTheAlertForTheFirstBreachedWindowThoughWindowsAreLookedForEvery30Seconds() {
        when(policies.rules("fraud")).thenReturn(List.of(new AlertRuleDefined("fast", "fraud", "prod", "error_rate", ">", 0.5, 2, "critical", 3600)));
        measured.put("error_rate", 0.1);
        evaluator.evaluate(); // the first look starts at the last closed window
        Instant breached = Instant.parse("2026-11-30T08:20:12Z");
        measuredAt.put(breached, Map.of("error_rate", 0.9));
        measuredAt.put(breached.plusSeconds(2), Map.of("error_rate", 0.8));

        clock.advance(Duration.ofSeconds(30));
        evaluator.evaluate();

        InOrder order = inOrder(metrics);
        for (Instant start = Instant.parse("2026-11-30T08:19:50Z"); start.isBefore(Instant.parse("2026-11-30T08:20:20Z")); start = start.plusSeconds(2)) {
            order.verify(metrics).compute(FRAUD, start, start.plusSeconds(2)); // every 2-second window, in order, none skipped
        }
        assertThat(sent()).filteredOn(c -> c.getPayload() instanceof RaiseAlert) // the alert track keeps only the first open
                          .extracting(c -> ((RaiseAlert) c.getPayload()).windowStart()).containsExactly(breached, breached.plusSeconds(2));
    }

    @Test
    void windowsThatClosedWhileTheServiceWasDownAreAllEvaluatedAfterItsRestartInOrder() {
        measured.put("latency_p95", 120.0);
        evaluator.evaluate();
        verify(metrics).compute(FRAUD, Instant.parse("2026-11-30T08:10:00Z"), Instant.parse("2026-11-30T08:15:00Z"));

        clock.advance(Duration.ofMinutes(15)); // down for three 5-minute windows
        measuredAt.put(Instant.parse("2026-11-30T08:20:00Z"), Map.of("latency_p95", 900.0));
        WindowEvaluator restarted = new WindowEvaluator(deployments, policies, metrics, new WindowStore(harness.mongo()), commands,
                                                        new MonitorProperties(List.of(Duration.ofMinutes(15)), null, Duration.ofSeconds(10), null),
                                                        scoring, new io.modelledger.monitor.telemetry.query.LabelStore(harness.mongo()), guard, clock);
        restarted.evaluate();

        InOrder order = inOrder(metrics);
        order.verify(metrics).compute(FRAUD, Instant.parse("2026-11-30T08:15:00Z"), Instant.parse("2026-11-30T08:20:00Z"));
        order.verify(metrics).compute(FRAUD, Instant.parse("2026-11-30T08:20:00Z"), Instant.parse("2026-11-30T08:25:00Z"));
        order.verify(metrics).compute(FRAUD, Instant.parse("2026-11-30T08:25:00Z"), Instant.parse("2026-11-30T08:30:00Z"));
        verify(metrics, times(1)).compute(FRAUD, Instant.parse("2026-11-30T08:10:00Z"), Instant.parse("2026-11-30T08:15:00Z"));
        assertThat(sent()).filteredOn(c -> c.getPayload() instanceof RaiseAlert).singleElement()
                          .satisfies(c -> assertThat(((RaiseAlert) c.getPayload()).windowStart()).isEqualTo(Instant.parse("2026-11-30T08:20:00Z")));
    }

    @Test
    void aWindowWaitsUntilOnlineScoringHasCaughtUpWithWhatArrivedBeforeItClosed() {
        measured.put("latency_p95", 120.0);
        scoredThrough = Instant.parse("2026-11-30T08:14:55Z"); // a batch received then is still being scored
        evaluator.evaluate();
        verify(metrics, never()).compute(eq(FRAUD), eq(Instant.parse("2026-11-30T08:10:00Z")), any());

        scoredThrough = null; // caught up
        evaluator.evaluate();
        verify(metrics).compute(FRAUD, Instant.parse("2026-11-30T08:10:00Z"), Instant.parse("2026-11-30T08:15:00Z"));
    }

    @Test
    void aWindowWhoseAlertCouldNotBeRaisedIsJudgedAgainNotForgotten() {
        measured.put("latency_p95", 812.0);
        when(commands.sendAndWait(any(CommandMessage.class))).thenThrow(new IllegalStateException("command bus unavailable"))
                                                             .thenReturn(true);
        evaluator.evaluate(); // the raise fails: logged, the window released
        evaluator.evaluate();
        assertThat(sent()).filteredOn(c -> c.getPayload() instanceof RaiseAlert).hasSize(2)
                          .allSatisfy(c -> assertThat(((RaiseAlert) c.getPayload()).windowStart()).isEqualTo(Instant.parse("2026-11-30T08:10:00Z")));
        verify(metrics, times(2)).compute(FRAUD, Instant.parse("2026-11-30T08:10:00Z"), Instant.parse("2026-11-30T08:15:00Z"));
    }

    @Test
    void comparatorsMeanWhatTheySay() {
        assertThat(WindowEvaluator.breached(5, ">", 5)).isFalse();
        assertThat(WindowEvaluator.breached(5, ">=", 5)).isTrue();
        assertThat(WindowEvaluator.breached(4, "<", 5)).isTrue();
        assertThat(WindowEvaluator.breached(5, "<=", 5)).isTrue();
        assertThat(WindowEvaluator.breached(5, "!=", 4)).isFalse();
    }
}
