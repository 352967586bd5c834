package io.modelledger.registry.model.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.monitor.AlertRaised;
import io.modelledger.contracts.monitor.AlertResolved;
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
import java.util.Set;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What promotion policies ask about, from other services' events in the shared store: the latest verdict
 * of each suite for each model version (from eval-service) and the open alerts of each model (from
 * monitor-service).
 */
@Component
@ProcessingGroup(EvidenceProjection.GROUP)
public class EvidenceProjection {

    public static final String GROUP = "promotion-evidence";

    private final MongoTemplate mongo;

    public EvidenceProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The latest verdict of every suite for one model version, keyed by (encoded) suite name. */
    @Document("registry_verdicts")
    record VersionVerdicts(@Id String id, java.util.Map<String, Verdict> suites) {
    }

    record Verdict(String suiteName, String suiteSha256, boolean passed, String runId, Instant at) {
    }

    @Document("registry_alerts")
    record AlertDocument(@Id String alertId, String modelName, String severity, String summary, boolean open) {
    }

    /** Asks for the suites whose latest verdict for one version of a model or prompt passed. */
    public record FindPassedSuites(String subjectKind, String subjectName, int version) {

        public FindPassedSuites(String modelName, int version) {
            this("model", modelName, version);
        }
    }

    public record PassedSuites(Set<String> suites) {
    }

    public record CountOpenCriticalAlerts(String modelName) {
    }

    @EventHandler
    void on(EvaluationCompleted event, @Timestamp Instant at) {
        mongo.upsert(Query.query(where("_id").is(verdictsId(event.subjectKind(), event.subjectName(), event.subjectVersion()))),
                     new Update().set("suites." + key(event.suiteName()),
                                      new Verdict(event.suiteName(), event.suiteSha256(), event.passed(), event.runId(), at)),
                     VersionVerdicts.class);
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
    }

    @QueryHandler
    PassedSuites handle(FindPassedSuites query) {
        VersionVerdicts verdicts = mongo.findById(verdictsId(query.subjectKind(), query.subjectName(), query.version()),
                                                  VersionVerdicts.class);
        if (verdicts == null || verdicts.suites() == null) {
            return new PassedSuites(Set.of());
        }
        return new PassedSuites(verdicts.suites().values().stream().filter(Verdict::passed).map(Verdict::suiteName)
                                        .collect(Collectors.toSet()));
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

    /** A suite name as a field name: MongoDB reads '.' as a path and '$' as an operator. */
    private static String key(String suiteName) {
        return suiteName.replace("%", "%25").replace(".", "%2E").replace("$", "%24");
    }
}
