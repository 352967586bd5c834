package io.modelledger.monitor.window.job;

import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.telemetry.query.LabelStore;
import io.modelledger.monitor.window.query.ProductionQuality;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.monitor.MonitorProperties;
import io.modelledger.monitor.alert.api.RaiseAlert;
import io.modelledger.monitor.alert.api.ResolveAlert;
import io.modelledger.monitor.alert.api.TrackId;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.guard.query.GuardActivityStore;
import io.modelledger.monitor.policy.query.PolicyStore;
import io.modelledger.monitor.quality.OnlineScoring;
import io.modelledger.monitor.window.query.WindowMetrics;
import io.modelledger.monitor.window.api.WindowView;
import io.modelledger.monitor.window.query.WindowStore;
import io.modelledger.platform.metadata.SystemMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Evaluates every active deployment over tumbling windows (the configured sizes plus those its rules use),
 * once per window after it closed (and a grace period for late records): stores the window's metrics and
 * applies the model's alert rules to them. Every window closed since the last one evaluated is evaluated, in
 * order, so windows shorter than the evaluation interval and windows that closed while the service was down
 * are judged too (up to {@code catch-up-windows} per size; older ones are skipped and logged). Where a
 * deployment and size have never been evaluated, evaluation starts at the last closed window. A window waits until
 * online scoring has caught up with what was received before it closed, and until the guard's decisions made before it
 * closed are written, so its score and guard rates are complete (on this instance: each instance scores what it ingested
 * and writes what it decided). A breached rule raises an alert (the alert track refuses a
 * duplicate while one is open, and within the cool-down); a clear window resolves it. Critical drift
 * alerts and negative-feedback alerts carry the feedback loop's requests when the model's policy asks.
 * Windows are claimed by inserting their document, so several instances evaluate each window once.
 */
@Component
class WindowEvaluator {

    static final String NEGATIVE_FEEDBACK_RULE = "negative-feedback";
    private static final Logger log = LoggerFactory.getLogger(WindowEvaluator.class);

    private final DeploymentStore deployments;
    private final PolicyStore policies;
    private final WindowMetrics metrics;
    private final WindowStore windows;
    private final CommandGateway commands;
    private final MonitorProperties properties;
    private final OnlineScoring scoring;
    private final LabelStore labels;
    private final GuardActivityStore guard;
    private final Clock clock;

    WindowEvaluator(DeploymentStore deployments, PolicyStore policies, WindowMetrics metrics, WindowStore windows, CommandGateway commands,
                    MonitorProperties properties, OnlineScoring scoring, LabelStore labels, GuardActivityStore guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
        this.labels = labels;
        this.scoring = scoring;
        this.deployments = deployments;
        this.policies = policies;
        this.metrics = metrics;
        this.windows = windows;
        this.commands = commands;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${modelledger.monitor.evaluation-interval:PT30S}", initialDelayString = "PT1S")
    void evaluate() {
        Instant now = clock.instant();
        for (Deployment deployment : deployments.active()) {
            try {
                evaluate(deployment, now);
            } catch (RuntimeException e) {
                log.warn("Could not evaluate {} in {}", deployment.modelName(), deployment.environment(), e);
            }
        }
    }

    private void evaluate(Deployment deployment, Instant now) {
        List<AlertRuleDefined> rules = rules(deployment);
        TreeSet<Long> sizes = new TreeSet<>();
        properties.windows().forEach(w -> sizes.add(w.toSeconds()));
        rules.forEach(r -> sizes.add(r.windowSeconds()));
        relabelled(deployment, rules, sizes, now);
        for (long seconds : sizes) {
            long step = seconds * 1000;
            // the end of the last closed window whose records have all been scored online (scoring runs behind ingestion) and
            // whose guard decisions have all been written (they are counted in memory and written every second)
            long ready = Math.min(now.toEpochMilli(), Math.min(scoring.scoredThrough().toEpochMilli(), guard.flushedThrough().toEpochMilli()));
            long closed = Math.floorDiv(ready - properties.grace().toMillis(), step) * step;
            String model = deployment.modelName();
            String environment = deployment.environment();
            long from = windows.evaluatedTo(model, environment, seconds).map(Instant::toEpochMilli).orElse(closed - step);
            long oldest = closed - (long) properties.catchUpWindows() * step;
            if (from < oldest) {
                log.warn("{} in {}: {} windows of {} s were not evaluated in time and are skipped (at most {} are caught up)", model,
                         environment, (oldest - from) / step, seconds, properties.catchUpWindows());
                from = oldest;
            }
            long end = from;
            for (long start = from; start + step <= closed; start += step) {
                end = start + step;
                evaluate(deployment, rules, seconds, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), now);
            }
            if (end > from) {
                windows.evaluatedTo(model, environment, seconds, Instant.ofEpochMilli(end));
            }
        }
    }

    /**
     * One closed window: stored once (whichever instance claims it first), then judged by the rules of its size. When
     * judging fails (the command bus or the store is down), the claim is released so that a later look judges it.
     */
    private void evaluate(Deployment deployment, List<AlertRuleDefined> rules, long seconds, Instant start, Instant end, Instant now) {
        String id = WindowView.id(deployment.modelName(), deployment.environment(), seconds, start);
        if (windows.exists(id)) {
            return;
        }
        WindowView view = metrics.compute(deployment, start, end);
        if (!windows.claim(view)) {
            return;
        }
        try {
            labelledLatest(view, seconds);
            rules.stream().filter(r -> r.windowSeconds() == seconds).forEach(rule -> apply(rule, deployment, view, now));
        } catch (RuntimeException e) {
            // a judgement that could not be recorded is not a judgement: the window is released, and judged again next
            // time (a rule that did raise is refused as a duplicate by its alert track)
            windows.release(id);
            throw e;
        }
    }

    /** At most this many labelled minutes of a deployment are taken per look; the rest wait for the next. */
    static final int RELABELLED_MINUTES_PER_LOOK = 60;

    /**
     * Windows already judged whose records were labelled since (labels come late): computed again over their labels, with
     * the primary version they were judged for, and stored over the old metrics. The rules on quality metrics judge such a
     * window only when it is the latest window of its size that has labels (a newer labelled window already tells how the
     * model does now), so an old window neither raises again nor resolves. A minute whose windows are not judged yet is
     * kept for a later look, so a label that raced the first judgement of its window is not lost.
     */
    private void relabelled(Deployment deployment, List<AlertRuleDefined> rules, TreeSet<Long> sizes, Instant now) {
        String model = deployment.modelName();
        String environment = deployment.environment();
        List<Long> taken = labels.takeChangedMinutes(model, environment);
        if (taken.isEmpty()) {
            return;
        }
        List<Long> minutes = taken.subList(0, Math.min(taken.size(), RELABELLED_MINUTES_PER_LOOK));
        java.util.Set<Long> later = new java.util.TreeSet<>(taken.subList(minutes.size(), taken.size()));
        try {
            for (long seconds : sizes) {
                long step = seconds * 1000;
                long judgedTo = windows.evaluatedTo(model, environment, seconds).map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
                // window start → a minute it holds, newest first: a newer labelled window is the one that tells how the model does now
                java.util.Map<Long, Long> starts = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
                for (long minute : minutes) { // the windows of this size that hold part of the minute
                    for (long start = Math.floorDiv(minute, step) * step; start < minute + 60_000; start += step) {
                        starts.putIfAbsent(start, minute);
                    }
                }
                for (var entry : starts.entrySet()) {
                    long start = entry.getKey();
                    String id = WindowView.id(model, environment, seconds, Instant.ofEpochMilli(start));
                    WindowView stored = windows.find(id).orElse(null);
                    if (stored == null) {
                        if (start + step > judgedTo) {
                            later.add(entry.getValue()); // not judged yet, or being judged now: look again once it is
                        }
                        continue;
                    }
                    Deployment asJudged = stored.primaryVersion() == null ? deployment
                            : new Deployment(deployment.id(), model, environment, List.of(new TrafficSplit(stored.primaryVersion(), 100)),
                                             deployment.since());
                    WindowView view = metrics.compute(asJudged, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + step));
                    windows.replace(view);
                    if (labelledLatest(view, seconds)) {
                        rules.stream().filter(r -> r.windowSeconds() == seconds && ProductionQuality.labelled(r.metric()))
                             .forEach(rule -> apply(rule, deployment, view, now));
                    }
                }
            }
        } catch (RuntimeException e) { // judged again at the next look
            labels.markChanged(model, environment, taken);
            throw e;
        }
        if (!later.isEmpty()) {
            labels.markChanged(model, environment, later);
        }
    }

    /** Whether a window with labels is the latest of its size that has any (and records it as such). */
    private boolean labelledLatest(WindowView view, long seconds) {
        Double labelled = view.metrics().get("labelled_records");
        if (labelled == null || labelled == 0) {
            return false;
        }
        Instant latest = windows.labelledTo(view.modelName(), view.environment(), seconds).orElse(Instant.MIN);
        if (view.end().isBefore(latest)) {
            return false;
        }
        windows.labelledTo(view.modelName(), view.environment(), seconds, view.end());
        return true;
    }

    /** The model's rules for this environment, and the implicit negative-feedback rule of its policy. */
    private List<AlertRuleDefined> rules(Deployment deployment) {
        List<AlertRuleDefined> rules = new ArrayList<>(policies.rules(deployment.modelName()).stream()
                .filter(r -> r.environment() == null || r.environment().equals(deployment.environment())).toList());
        policies.policy(deployment.modelName()).filter(p -> p.negativeFeedbackShare() != null).ifPresent(p -> rules.add(
                new AlertRuleDefined(NEGATIVE_FEEDBACK_RULE, deployment.modelName(), null, "negative_feedback_share", ">",
                                     p.negativeFeedbackShare(), properties.windows().get(0).toSeconds(), "warning", 3600)));
        return rules;
    }

    private void apply(AlertRuleDefined rule, Deployment deployment, WindowView view, Instant now) {
        Double value = view.metrics().get(rule.metric());
        // a window without telemetry judges only what it has: its record count, and the guard's decisions (which come
        // from the application's guard calls, not from its telemetry)
        if (view.records() == 0 && !rule.metric().equals("records") && !rule.metric().startsWith("guard_") || value == null || value.isNaN()) {
            return;
        }
        TrackId track = new TrackId(rule.ruleId(), deployment.modelName(), deployment.environment());
        if (breached(value, rule.comparator(), rule.threshold())) {
            MonitoringPolicyDefined policy = policies.policy(deployment.modelName()).orElse(null);
            boolean drift = rule.metric().startsWith("drift") || rule.metric().equals("dataset_drift");
            boolean criticalDrift = drift && AlertRaised.CRITICAL.equals(rule.severity());
            boolean negative = rule.metric().equals("negative_feedback_share");
            boolean reEvaluate = policy != null && (criticalDrift && policy.reEvaluateOnCriticalDrift()
                    || negative && policy.reEvaluateOnNegativeFeedback());
            boolean retrain = policy != null && (criticalDrift && policy.retrainOnCriticalDrift()
                    || negative && policy.retrainOnNegativeFeedback());
            String summary = String.format(Locale.ROOT, "%s %.4g %s %.4g on %s in %s (window %s to %s)", rule.metric(), value,
                                           rule.comparator(), rule.threshold(), deployment.modelName(), deployment.environment(),
                                           view.start(), view.end());
            send(new RaiseAlert(track, rule.severity(), summary, view.primaryVersion() == null ? 0 : view.primaryVersion(),
                                rule.metric(), value, rule.threshold(), view.start(), view.end(), rule.cooldownSeconds(), now,
                                reEvaluate, retrain, drift ? "drift" : negative ? "negative-feedback" : rule.metric()),
                 "alert rule " + rule.ruleId() + ": " + summary);
        } else {
            send(new ResolveAlert(track, "condition-cleared", value, now),
                 "alert rule " + rule.ruleId() + ": " + rule.metric() + " back within its threshold");
        }
    }

    static boolean breached(double value, String comparator, double threshold) {
        return switch (comparator) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            default -> false;
        };
    }

    private void send(Object command, String reason) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(SystemMetadata.of(SystemActors.MONITOR, reason)));
    }
}
