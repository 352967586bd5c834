package io.modelledger.monitor.canary.job;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;
import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.monitor.canary.CanaryAnalyzer;
import io.modelledger.monitor.canary.CanarySettings;
import io.modelledger.monitor.deployment.api.Deployment;
import io.modelledger.monitor.deployment.query.DeploymentStore;
import io.modelledger.monitor.telemetry.query.CanaryEvidenceStore;
import io.modelledger.platform.metadata.SystemMetadata;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Analyses every deployment that splits its traffic: each version beside the primary (the largest share) is a candidate,
 * compared with the primary over the minutes since the split began (at most {@code window} back), on the evidence of
 * keys bound to the deployment only. An analysis is recorded as {@link CanaryAnalysisCompleted} when its evidence
 * differs from the last one recorded for that candidate (new records or scores, another primary, a new split), so a
 * quiet canary adds nothing to the log. Several instances record each analysis once: the one whose update of the
 * deployment's last-analysed state matches records it.
 */
@Component
class CanaryJob {

    static final String STATE = "monitor_canary_state";
    private static final Logger log = LoggerFactory.getLogger(CanaryJob.class);

    static final String WORSE_CANARY_RULE = "canary-worse";
    private final DeploymentStore deployments;
    private final io.modelledger.monitor.policy.query.PolicyStore policies;
    private final org.axonframework.commandhandling.gateway.CommandGateway commands;
    private final io.modelledger.monitor.feedback.query.FeedbackStore feedback;
    private final CanaryEvidenceStore counts;
    private final CanarySettings settings;
    private final EventGateway events;
    private final MongoTemplate mongo;
    private final Clock clock;

    CanaryJob(DeploymentStore deployments, io.modelledger.monitor.policy.query.PolicyStore policies,
              org.axonframework.commandhandling.gateway.CommandGateway commands, io.modelledger.monitor.feedback.query.FeedbackStore feedback,
              CanaryEvidenceStore counts, CanarySettings settings, EventGateway events, MongoTemplate mongo, Clock clock) {
        this.deployments = deployments;
        this.policies = policies;
        this.commands = commands;
        this.feedback = feedback;
        this.counts = counts;
        this.settings = settings;
        this.events = events;
        this.mongo = mongo;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${modelledger.monitor.canary.interval:PT1M}", initialDelayString = "PT2S")
    void analyseAll() {
        Instant now = clock.instant();
        List<Deployment> active = deployments.active();
        for (Deployment deployment : active) {
            try {
                analyse(deployment, now);
            } catch (RuntimeException e) {
                log.warn("Could not analyse the canary of {} in {}", deployment.modelName(), deployment.environment(), e);
            }
        }
        try {
            retired(active, now);
        } catch (RuntimeException e) {
            log.warn("Could not close the analyses of canaries that stopped serving", e);
        }
    }

    /**
     * Candidates that no longer serve beside their primary (rolled back, promoted, retired): their last-analysed state is
     * dropped and the deployment's canary alert, if the policy raised one, resolved (no analysis will come to resolve it).
     */
    private void retired(List<Deployment> active, Instant now) {
        java.util.Set<String> serving = new java.util.HashSet<>();
        for (Deployment d : active) {
            Integer primary = d.primaryVersion().orElse(null);
            d.traffic().stream().filter(t -> t.percent() > 0 && !Integer.valueOf(t.version()).equals(primary))
             .forEach(t -> serving.add(d.modelName() + "|" + d.environment() + "|" + t.version()));
        }
        for (Document state : mongo.getCollection(STATE).find()) {
            String id = state.getString("_id");
            if (serving.contains(id)) {
                continue;
            }
            String[] parts = id.split("\\|");
            if (parts.length == 3 && policies.policy(parts[0]).map(p -> p.alertOnWorseCanary()).orElse(false)) {
                send(new io.modelledger.monitor.alert.api.ResolveAlert(
                        new io.modelledger.monitor.alert.api.TrackId(WORSE_CANARY_RULE, parts[0], parts[1]), "canary-retired", 0.0, now),
                     "canary version " + parts[2] + " no longer serves");
            }
            mongo.getCollection(STATE).deleteOne(new Document("_id", id));
        }
    }

    /** Analyses each candidate of the deployment; returns the analyses recorded. */
    List<CanaryAnalysisCompleted> analyse(Deployment deployment, Instant now) {
        List<Integer> serving = deployment.traffic().stream().filter(t -> t.percent() > 0).map(TrafficSplit::version).toList();
        Integer primary = deployment.primaryVersion().orElse(null);
        if (primary == null || serving.size() < 2) {
            return List.of();
        }
        Instant since = deployment.since() == null ? now.minus(settings.window()) : deployment.since();
        Instant from = since.isAfter(now.minus(settings.window())) ? since : now.minus(settings.window());
        Map<Integer, CanaryEvidenceStore.Arm> arms = counts.arms(deployment.modelName(), deployment.environment(), serving, from, now);
        Map<Integer, io.modelledger.monitor.feedback.query.FeedbackStore.Counts> opinions =
                feedback.countsByVersion(deployment.modelName(), deployment.environment(), from, now, true);
        List<CanaryAnalysisCompleted> recorded = new java.util.ArrayList<>();
        for (int candidate : serving) {
            if (candidate == primary) {
                continue;
            }
            CanaryEvidenceStore.Arm p = arms.getOrDefault(primary, CanaryEvidenceStore.Arm.empty());
            CanaryEvidenceStore.Arm c = arms.getOrDefault(candidate, CanaryEvidenceStore.Arm.empty());
            CanaryAnalyzer.Feedback pf = feedback(opinions, primary);
            CanaryAnalyzer.Feedback cf = feedback(opinions, candidate);
            String fingerprint = primary + "|" + since + "|" + p.records() + "|" + c.records() + "|" + scored(p) + "|" + scored(c)
                    + "|" + pf.total() + "|" + cf.total();
            String stateId = deployment.modelName() + "|" + deployment.environment() + "|" + candidate;
            String previous = claim(stateId, fingerprint);
            if (previous == null) {
                continue; // nothing new since the last analysis, or another instance records this one
            }
            CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(p, c, pf, cf, settings);
            CanaryAnalysisCompleted analysis = new CanaryAnalysisCompleted(deployment.modelName(), deployment.environment(), primary,
                    candidate, from, now, result.outcome(), p.records(), c.records(), settings.alpha(), result.metrics());
            try {
                events.publish(GenericEventMessage.asEventMessage(analysis)
                                                  .andMetaData(SystemMetadata.of(SystemActors.MONITOR, "canary analysis")));
            } catch (RuntimeException e) { // not recorded: the next look tries again
                release(stateId, fingerprint, previous);
                throw e;
            }
            recorded.add(analysis);
            alert(deployment, analysis, now); // after the analysis is recorded: a failed alert never records it twice
        }
        return recorded;
    }

    /**
     * Where the model's policy asks for it, a worse canary raises a critical alert on the deployment (the alert track refuses
     * a second while one is open), and a later analysis that is not worse (with enough data) resolves it. Nothing rolls back:
     * a person does, through the registry.
     */
    private void alert(Deployment deployment, CanaryAnalysisCompleted analysis, Instant now) {
        if (!policies.policy(deployment.modelName()).map(p -> p.alertOnWorseCanary()).orElse(false)) {
            return;
        }
        var track = new io.modelledger.monitor.alert.api.TrackId(WORSE_CANARY_RULE, deployment.modelName(), deployment.environment());
        Object command;
        if (CanaryAnalysisCompleted.WORSE.equals(analysis.outcome())) {
            String worse = analysis.metrics().stream().filter(m -> CanaryAnalysisCompleted.WORSE.equals(m.outcome()))
                                   .map(CanaryAnalysisCompleted.Metric::metric).collect(java.util.stream.Collectors.joining(", "));
            command = new io.modelledger.monitor.alert.api.RaiseAlert(track, io.modelledger.contracts.monitor.AlertRaised.CRITICAL,
                    "canary version " + analysis.candidateVersion() + " of " + deployment.modelName() + " in " + deployment.environment()
                            + " is worse than version " + analysis.primaryVersion() + " (" + worse + "): roll it back or fix it",
                    analysis.candidateVersion(), "canary", 1, 0, analysis.from(), analysis.to(), 3600, now, false, false, "canary");
        } else if (!CanaryAnalysisCompleted.INSUFFICIENT.equals(analysis.outcome())) {
            command = new io.modelledger.monitor.alert.api.ResolveAlert(track, "condition-cleared", 0.0, now);
        } else {
            return;
        }
        send(command, "canary analysis " + analysis.outcome());
    }

    private void send(Object command, String reason) {
        commands.sendAndWait(org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage(command)
                                     .andMetaData(SystemMetadata.of(SystemActors.MONITOR, reason)));
    }

    private static CanaryAnalyzer.Feedback feedback(Map<Integer, io.modelledger.monitor.feedback.query.FeedbackStore.Counts> counts,
                                                    int version) {
        var c = counts.get(version);
        return c == null ? new CanaryAnalyzer.Feedback(0, 0) : new CanaryAnalyzer.Feedback(c.total(), c.negative());
    }

    private static long scored(CanaryEvidenceStore.Arm arm) {
        return arm.scores().values().stream().mapToLong(CanaryEvidenceStore.Moments::n).sum();
    }

    /**
     * Moves the candidate's state to {@code fingerprint}; the fingerprint it held before ("" for none), or null when it
     * already held this one (nothing changed) or another instance moved it first.
     */
    private String claim(String stateId, String fingerprint) {
        var states = mongo.getCollection(STATE);
        Document current = states.find(new Document("_id", stateId)).first();
        String previous = current == null ? "" : current.getString("fingerprint");
        if (fingerprint.equals(previous)) {
            return null;
        }
        try {
            var result = states.updateOne(new Document("_id", stateId).append("fingerprint", previous),
                                          new Document("$set", new Document("fingerprint", fingerprint)),
                                          new UpdateOptions().upsert(current == null));
            return result.getModifiedCount() + (result.getUpsertedId() == null ? 0 : 1) == 1 ? previous : null;
        } catch (MongoWriteException e) {
            if (e.getError().getCode() == 11000) { // another instance created it first
                return null;
            }
            throw e;
        }
    }

    private void release(String stateId, String fingerprint, String previous) {
        mongo.getCollection(STATE).updateOne(new Document("_id", stateId).append("fingerprint", fingerprint),
                                             new Document("$set", new Document("fingerprint", previous)));
    }
}
