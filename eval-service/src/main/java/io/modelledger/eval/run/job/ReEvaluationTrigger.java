package io.modelledger.eval.run.job;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.monitor.ReEvaluationRequested;
import io.modelledger.eval.run.api.StartEvaluationRun;
import io.modelledger.eval.run.api.RunId;
import io.modelledger.eval.run.query.KnownSubjects;
import io.modelledger.eval.run.query.SubjectRuns;
import io.modelledger.eval.suite.query.SuiteCatalogStore;
import io.modelledger.platform.metadata.SystemMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The feedback loop's other end: a {@link ReEvaluationRequested} from monitor-service runs, for that
 * model version, every suite that last ran against an endpoint again (the suite's latest version, the same
 * endpoint). Run ids derive from the request and the suite, so a redelivered request starts nothing twice.
 * The new runs carry the request's trace.
 */
@Component
@ProcessingGroup("eval-re-evaluations")
class ReEvaluationTrigger {

    private static final Logger log = LoggerFactory.getLogger(ReEvaluationTrigger.class);

    private final KnownSubjects subjects;
    private final SuiteCatalogStore catalog;
    private final CommandGateway commands;

    ReEvaluationTrigger(KnownSubjects subjects, SuiteCatalogStore catalog, CommandGateway commands) {
        this.subjects = subjects;
        this.catalog = catalog;
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(ReEvaluationRequested request, @MetaDataValue(MetadataKeys.TRACEPARENT) String traceparent) {
        var lastRuns = subjects.lastRuns(request.subjectKind(), request.subjectName(), request.subjectVersion())
                               .map(SubjectRuns::suites).orElse(Map.of());
        if (lastRuns.isEmpty()) {
            log.warn("Re-evaluation of {} {} v{} requested ({}), but no suite ever ran against an endpoint for it",
                     request.subjectKind(), request.subjectName(), request.subjectVersion(), request.cause());
            return;
        }
        for (SubjectRuns.LastRun last : lastRuns.values()) {
            var suite = catalog.latest(last.suiteName());
            if (suite.isEmpty()) {
                continue;
            }
            String runId = UUID.nameUUIDFromBytes((request.requestId() + "|" + last.suiteName()).getBytes(StandardCharsets.UTF_8)).toString();
            Map<String, String> metadata = SystemMetadata.of(SystemActors.EVAL, "re-evaluation requested by monitor-service: "
                    + request.cause() + (request.alertId() == null ? "" : " (alert " + request.alertId() + ")"));
            if (traceparent != null) {
                metadata.put(MetadataKeys.TRACEPARENT, traceparent);
            }
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(new StartEvaluationRun(
                        new RunId(runId), suite.get().suiteName(), suite.get().version(), suite.get().sha256(), request.subjectKind(),
                        request.subjectName(), request.subjectVersion(), last.targetKind(), last.target(),
                        suite.get().caseCount(), "re-evaluation", last.startedBy())).andMetaData(metadata));
            } catch (RuntimeException e) {
                if (!alreadyStarted(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean alreadyStarted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
