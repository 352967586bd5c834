package io.modelledger.registry.promotion.query;

import io.modelledger.registry.promotion.api.ReadModels;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.registry.governance.VerdictEvidence;
import org.axonframework.messaging.annotation.MessageIdentifier;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;
import io.modelledger.registry.governance.CanaryEvidence;
import io.modelledger.registry.promotion.api.CanaryAnalyses;
import io.modelledger.registry.promotion.api.FindCanaryAnalyses;
import io.modelledger.contracts.monitor.AlertResolved;
import io.modelledger.registry.promotion.api.CountOpenCriticalAlerts;
import io.modelledger.registry.promotion.api.FindVerdicts;
import io.modelledger.registry.promotion.api.Verdicts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What promotion policies ask about, from other services' events in the shared store: every verdict for
 * each model or prompt version (from eval-service), with what a policy weighs (suite version, who started
 * the run, against what, case and failure counts, the verdict's event id), and the open alerts and the latest
 * canary analysis per environment of each model version (from monitor-service).
 */
@Component
@ProcessingGroup(ReadModels.EVIDENCE)
public class EvidenceProjection {


    private final MongoTemplate mongo;

    public EvidenceProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Every verdict for one version of a model or prompt, keyed by (encoded) verdict event id. */
    @Document("registry_verdicts")
    record VersionVerdicts(@Id String id, java.util.Map<String, Verdict> verdicts) {
    }

    record Verdict(String eventId, String runId, String suiteName, String suiteSha256, Boolean passed, String startedBy,
                   String trigger, String targetKind, String targetEndpoint, String targetName, int caseCount,
                   int failedCases, Instant at, String onBehalfOf) {
    }

    @Document("registry_alerts")
    record AlertDocument(@Id String alertId, String modelName, String severity, String summary, boolean open) {
    }

    @EventHandler
    void on(EvaluationCompleted event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        // a verdict recorded before runs named their target and starter never counts: its target fields are empty
        Verdict verdict = new Verdict(eventId, event.runId(), event.suiteName(), event.suiteSha256(), event.passed(),
                                      event.startedBy(),
                                      event.trigger(), event.targetKind(), event.targetEndpoint(), event.targetName(),
                                      event.caseCount() == null ? 0 : event.caseCount(),
                                      event.failedCases() == null ? 0 : event.failedCases(), at, event.onBehalfOf());
        mongo.upsert(Query.query(where("_id").is(verdictsId(event.subjectKind(), event.subjectName(), event.subjectVersion()))),
                     new Update().set("verdicts." + key(eventId), verdict), VersionVerdicts.class);
    }

    /** Every canary analysis of one model version, the latest per environment. */
    @Document("registry_canary_analyses")
    record VersionCanaries(@Id String id, java.util.Map<String, CanaryEvidence> canaries) {
    }

    @EventHandler
    void on(CanaryAnalysisCompleted event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        List<String> worse = event.metrics().stream().filter(m -> CanaryAnalysisCompleted.WORSE.equals(m.outcome()))
                                  .map(CanaryAnalysisCompleted.Metric::metric).toList();
        CanaryEvidence evidence = new CanaryEvidence(eventId, event.environment(), event.primaryVersion(), event.candidateVersion(),
                                                     event.outcome(), event.candidateRecords(), worse, at, event.from(), event.to());
        String id = event.modelName() + "/" + event.candidateVersion();
        VersionCanaries stored = mongo.findById(id, VersionCanaries.class);
        CanaryEvidence latest = stored == null || stored.canaries() == null ? null : stored.canaries().get(event.environment());
        if (latest != null && latest.to() != null && event.to() != null && latest.to().isAfter(event.to())) {
            return; // an analysis of later evidence is already the latest (two instances may record out of order)
        }
        mongo.upsert(Query.query(where("_id").is(id)), new Update().set("canaries." + event.environment(), evidence), VersionCanaries.class);
    }

    @QueryHandler
    CanaryAnalyses handle(FindCanaryAnalyses query) {
        VersionCanaries stored = mongo.findById(query.modelName() + "/" + query.version(), VersionCanaries.class);
        return new CanaryAnalyses(stored == null ? null : stored.canaries());
    }

    @EventHandler
    void on(AlertRaised event) {
        mongo.save(new AlertDocument(event.alertId(), event.modelName(), event.severity(), event.summary(), true));
    }

    @EventHandler
    void on(AlertResolved event) {
        mongo.upsert(Query.query(where("_id").is(event.alertId())), new Update().set("open", false), AlertDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(VersionVerdicts.class);
        mongo.dropCollection(AlertDocument.class);
        mongo.dropCollection(VersionCanaries.class);
    }

    @QueryHandler
    Verdicts handle(FindVerdicts query) {
        VersionVerdicts stored = mongo.findById(verdictsId(query.subjectKind(), query.subjectName(), query.version()),
                                                VersionVerdicts.class);
        if (stored == null || stored.verdicts() == null) {
            return new Verdicts(Set.of(), List.of());
        }
        List<VerdictEvidence> items = stored.verdicts().values().stream()
                .map(v -> new VerdictEvidence(v.eventId(), v.runId(), v.suiteName(), v.suiteSha256(), v.passed(), v.startedBy(),
                                              v.trigger(), v.targetKind(), v.targetEndpoint(), v.targetName(), v.caseCount(),
                                              v.failedCases(), v.at(), v.onBehalfOf()))
                .sorted(Comparator.comparing(VerdictEvidence::at, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        return new Verdicts(items.stream().filter(v -> Boolean.TRUE.equals(v.passed())).map(VerdictEvidence::suiteName)
                                 .collect(Collectors.toCollection(java.util.TreeSet::new)), items);
    }

    @QueryHandler
    Integer handle(CountOpenCriticalAlerts query) {
        return (int) mongo.count(Query.query(where("modelName").is(query.modelName()).and("severity").is(AlertRaised.CRITICAL)
                                                 .and("open").is(true)), AlertDocument.class);
    }

    /** Models keep the plain name/version key they had before prompts were evaluated. */
    private static String verdictsId(String kind, String name, int version) {
        return ("prompt".equals(kind) ? "prompt:" : "") + name + "/" + version;
    }

    /** An id as a field name: MongoDB reads '.' as a path and '$' as an operator. */
    private static String key(String id) {
        return id.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }
}
