package io.modelledger.eval.pending.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.contracts.registry.ModelVersionRegistered;
import io.modelledger.eval.pending.api.FindEvaluationStatus;
import io.modelledger.eval.pending.api.PendingEvaluationView;
import io.modelledger.platform.projection.BatchedWrites;
import io.modelledger.platform.projection.ProjectionFailures;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Every registered model version awaits evaluation until a run gives it a verdict. Fed by the registry's
 * events from the shared store; keyed by name/version, so handling an event twice changes nothing. Written once
 * per batch of events ({@link BatchedWrites}).
 */
@Component
@ProcessingGroup(PendingEvaluationProjection.GROUP)
public class PendingEvaluationProjection {

    public static final String GROUP = "eval-pending-versions";
    public static final String AWAITING = "awaiting-evaluation";

    private final MongoTemplate mongo;
    private final BatchedWrites writes;

    public PendingEvaluationProjection(MongoTemplate mongo, ProjectionFailures failures) {
        this.mongo = mongo;
        this.writes = new BatchedWrites(mongo, failures, GROUP);
    }

    @Document("eval_model_versions")
    record EvaluationStatusDocument(@Id String id, String modelName, int version, String sha256, String status,
                                    Instant registeredAt, String registeredBy, String lastRunId, String lastSuite) {
    }

    @EventHandler
    void on(ModelVersionRegistered event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        Update update = new Update().set("modelName", event.modelName())
                                    .set("version", event.version())
                                    .set("sha256", event.sha256())
                                    .set("registeredAt", at)
                                    .set("registeredBy", actor)
                                    .setOnInsert("status", AWAITING);
        writes.upsert(Query.query(where("_id").is(id(event.modelName(), event.version()))), update,
                      EvaluationStatusDocument.class);
    }

    /** A model version's latest verdict: {@code passed} or {@code failed}, with the run and suite that gave it. */
    @EventHandler
    void on(EvaluationCompleted event) {
        if (!Subjects.MODEL.equals(event.subjectKind())) {
            return;
        }
        writes.updateFirst(Query.query(where("_id").is(id(event.subjectName(), event.subjectVersion()))),
                           new Update().set("status", event.passed() == null ? "no-verdict" : event.passed() ? "passed" : "failed")
                                       .set("lastRunId", event.runId()).set("lastSuite", event.suiteName()),
                           EvaluationStatusDocument.class);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(EvaluationStatusDocument.class);
    }

    @QueryHandler
    Optional<PendingEvaluationView> handle(FindEvaluationStatus query) {
        return Optional.ofNullable(mongo.findById(id(query.modelName(), query.version()), EvaluationStatusDocument.class))
                       .map(d -> new PendingEvaluationView(d.modelName(), d.version(), d.sha256(), d.status(),
                                                           d.registeredAt(), d.registeredBy()));
    }

    private static String id(String modelName, int version) {
        return modelName + "/" + version;
    }
}
