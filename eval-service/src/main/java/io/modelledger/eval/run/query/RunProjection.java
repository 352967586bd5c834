package io.modelledger.eval.run.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.eval.EvaluationRunCancelled;
import io.modelledger.contracts.eval.EvaluationRunFailed;
import io.modelledger.contracts.eval.EvaluationRunStarted;
import io.modelledger.contracts.metadata.MetadataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Runs from their events: a started run becomes a claimable document (the executor picks it up), and its
 * ending sets its status. Every endpoint-backed run is also remembered per subject and suite, so a
 * re-evaluation request can run the same suites against the same endpoints again. Idempotent; there is no
 * reset handler, because progress and results recorded by the executor cannot be rebuilt from events.
 */
@Component
// Not replayable: eval_runs also holds the executors' leases and progress. A replay would show a finished run
// as started until its completion was replayed, and an executor could claim and run it again meanwhile.
@org.axonframework.eventhandling.DisallowReplay
@ProcessingGroup(RunProjection.GROUP)
public class RunProjection {

    static final String GROUP = io.modelledger.eval.run.api.FindRun.READ_MODEL;

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher signals;

    RunProjection(MongoTemplate mongo, ApplicationEventPublisher signals) {
        this.mongo = mongo;
        this.signals = signals;
    }

    /** Published in-process when a run became claimable, so the executor need not wait for its next poll. */
    public record RunQueued(String runId) {
    }

    @EventHandler
    void on(EvaluationRunStarted event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.TRACEPARENT) String traceparent, @MetaDataValue(MetadataKeys.REQUEST_ID) String requestId) {
        Update update = new Update().setOnInsert("suiteName", event.suiteName())
                                    .setOnInsert("suiteVersion", event.suiteVersion())
                                    .setOnInsert("suiteSha256", event.suiteSha256())
                                    .setOnInsert("subjectKind", event.subjectKind())
                                    .setOnInsert("subjectName", event.subjectName())
                                    .setOnInsert("subjectVersion", event.subjectVersion())
                                    .setOnInsert("targetKind", event.targetKind())
                                    .setOnInsert("target", event.target())
                                    .setOnInsert("trigger", event.trigger())
                                    .setOnInsert("status", RunDocument.RUNNING)
                                    .setOnInsert("caseCount", event.caseCount())
                                    .setOnInsert("casesDone", 0)
                                    .setOnInsert("casesFailed", 0)
                                    .setOnInsert("startedAt", at)
                                    .setOnInsert("startedBy", actor)
                                    .setOnInsert("traceparent", traceparent)
                                    .setOnInsert("requestId", requestId)
                                    .setOnInsert("leaseUntil", Instant.EPOCH)
                                    .setOnInsert("claims", 0);
        mongo.upsert(Query.query(where("_id").is(event.runId())), update, RunDocument.class);
        if (!"predictions".equals(event.targetKind())) {
            mongo.upsert(Query.query(where("_id").is(SubjectRuns.id(event.subjectKind(), event.subjectName(), event.subjectVersion()))),
                         new Update().set("suites." + SubjectRuns.key(event.suiteName()),
                                          new SubjectRuns.LastRun(event.runId(), event.suiteName(), event.targetKind(), event.target(), at,
                                                                 event.onBehalfOf() != null ? event.onBehalfOf() : actor)),
                         SubjectRuns.class);
        }
        signals.publishEvent(new RunQueued(event.runId()));
    }

    @EventHandler
    void on(EvaluationRunCancelled event, @Timestamp Instant at) {
        finish(event.runId(), new Update().set("status", RunDocument.CANCELLED).set("finishedAt", at));
    }

    @EventHandler
    void on(EvaluationRunFailed event, @Timestamp Instant at) {
        finish(event.runId(), new Update().set("status", RunDocument.FAILED).set("finishedAt", at).set("failure", event.reason()));
    }

    @EventHandler
    void on(EvaluationCompleted event, @Timestamp Instant at) {
        finish(event.runId(), new Update().set("status", RunDocument.COMPLETED).set("finishedAt", at)
                                          .set("passed", event.passed()).set("metrics", event.metrics())
                                          .set("verdicts", event.verdicts()));
    }

    private void finish(String runId, Update update) {
        mongo.updateFirst(Query.query(where("_id").is(runId)), update.set("leaseUntil", Instant.EPOCH), RunDocument.class);
    }
}
