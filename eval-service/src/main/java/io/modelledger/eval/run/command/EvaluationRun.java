package io.modelledger.eval.run.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.eval.EvaluationRunCancelled;
import io.modelledger.contracts.eval.EvaluationRunFailed;
import io.modelledger.contracts.eval.EvaluationRunStarted;
import io.modelledger.eval.run.api.CancelEvaluationRun;
import io.modelledger.eval.run.api.CompleteEvaluationRun;
import io.modelledger.eval.run.api.FailEvaluationRun;
import io.modelledger.eval.run.api.RunId;
import io.modelledger.eval.run.api.StartEvaluationRun;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.contracts.metadata.MetadataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The lifecycle of one evaluation run: started, then exactly one of completed (with its verdict),
 * failed or cancelled. A finished run accepts no other ending; completing it twice is a no-op. The verdict
 * names who started the run and against what, because promotion policies weigh that as evidence.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class EvaluationRun {

    enum Status { RUNNING, COMPLETED, FAILED, CANCELLED }

    /** The target-description key naming the admin-configured target a run used. */
    public static final String TARGET_NAME = "name";

    @AggregateIdentifier
    private RunId id;
    private Status status;
    private String suiteName;
    private int suiteVersion;
    private String suiteSha256;
    private String subjectKind;
    private String subjectName;
    private int subjectVersion;
    private int caseCount;
    private String startedBy;
    private String trigger;
    private String targetKind;
    private String targetEndpoint;
    private String targetName;
    private String onBehalfOf;

    protected EvaluationRun() {
        // for Axon
    }

    @CommandHandler
    public EvaluationRun(StartEvaluationRun command) {
        apply(new EvaluationRunStarted(command.runId().id(), command.suiteName(), command.suiteVersion(), command.suiteSha256(),
                                       command.subjectKind(), command.subjectName(), command.subjectVersion(),
                                       command.targetKind(), command.target(), command.caseCount(), command.trigger(),
                                       command.onBehalfOf()));
    }

    @CommandHandler
    void handle(CancelEvaluationRun command) {
        requireRunning("cancelled");
        apply(new EvaluationRunCancelled(id.id()));
    }

    @CommandHandler
    void handle(CompleteEvaluationRun command) {
        if (status == Status.COMPLETED) {
            return;
        }
        requireRunning("completed");
        apply(new EvaluationCompleted(id.id(), suiteName, suiteSha256, subjectKind, subjectName, subjectVersion,
                                      command.passed(), command.metrics(), suiteVersion, command.verdicts(), caseCount,
                                      command.failedCases(), startedBy, trigger, targetKind, targetEndpoint, targetName,
                                      onBehalfOf));
    }

    @CommandHandler
    void handle(FailEvaluationRun command) {
        requireRunning("failed");
        apply(new EvaluationRunFailed(id.id(), command.reason()));
    }

    private void requireRunning(String action) {
        if (status != Status.RUNNING) {
            throw new ConflictException("Run " + id.id() + " is " + status.name().toLowerCase() + "; it cannot be " + action);
        }
    }

    @EventSourcingHandler
    void on(EvaluationRunStarted event, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        startedBy = actor;
        trigger = event.trigger();
        targetKind = event.targetKind();
        targetEndpoint = endpoint(event.targetKind(), event.target());
        onBehalfOf = event.onBehalfOf();
        targetName = event.target().get(TARGET_NAME) instanceof String name ? name : null;
        id = new RunId(event.runId());
        status = Status.RUNNING;
        suiteName = event.suiteName();
        suiteVersion = event.suiteVersion();
        suiteSha256 = event.suiteSha256();
        subjectKind = event.subjectKind();
        subjectName = event.subjectName();
        subjectVersion = event.subjectVersion();
        caseCount = event.caseCount();
    }

    /** The URL a run called, by its kind: {@code baseUrl} (openai), {@code url} (http); none for predictions. */
    static String endpoint(String kind, java.util.Map<String, Object> target) {
        Object url = switch (kind == null ? "" : kind) {
            case "openai" -> target.get("baseUrl");
            case "http" -> target.get("url");
            default -> null;
        };
        return url instanceof String s ? s : null;
    }

    @EventSourcingHandler
    void on(EvaluationRunCancelled event) {
        status = Status.CANCELLED;
    }

    @EventSourcingHandler
    void on(EvaluationRunFailed event) {
        status = Status.FAILED;
    }

    @EventSourcingHandler
    void on(EvaluationCompleted event) {
        status = Status.COMPLETED;
    }
}
