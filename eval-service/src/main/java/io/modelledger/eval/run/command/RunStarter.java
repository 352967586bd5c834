package io.modelledger.eval.run.command;

import io.modelledger.contracts.registry.Subjects;
import io.modelledger.eval.run.api.Prediction;
import io.modelledger.eval.run.api.RunId;
import io.modelledger.eval.run.api.StartEvaluationRun;
import io.modelledger.eval.run.api.StartRun;
import io.modelledger.eval.run.api.StartedRun;
import io.modelledger.eval.run.targets.TargetSpec;
import io.modelledger.eval.run.targets.Targets;
import io.modelledger.eval.run.query.KnownSubjects;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteVersionView;
import io.modelledger.eval.suite.query.SuiteCatalogStore;
import io.modelledger.eval.suite.query.SuiteStore;
import io.modelledger.platform.domain.FieldException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a {@link StartRun} against what eval-service knows (the suite version, the subject, the target,
 * the predictions), stores a predictions run's outputs, and starts the {@link EvaluationRun}. Each refusal
 * names the request field at fault; nothing is stored before every check passed.
 */
@Component
class RunStarter {

    private final CommandGateway commands;
    private final SuiteCatalogStore catalog;
    private final SuiteStore suites;
    private final RunStore runs;
    private final Targets targets;
    private final KnownSubjects subjects;

    RunStarter(CommandGateway commands, SuiteCatalogStore catalog, SuiteStore suites, RunStore runs, Targets targets,
               KnownSubjects subjects) {
        this.commands = commands;
        this.catalog = catalog;
        this.suites = suites;
        this.runs = runs;
        this.targets = targets;
        this.subjects = subjects;
    }

    @CommandHandler
    StartedRun handle(StartRun command) {
        SuiteVersionView suite = (command.suiteVersion() == null
                ? catalog.latest(command.suiteName()) : catalog.version(command.suiteName(), command.suiteVersion()))
                .orElseThrow(() -> new FieldException("suite", "no such suite version"));
        Map<String, Object> target = new LinkedHashMap<>(command.target());
        String kind = String.valueOf(target.remove("kind"));
        if (target.containsKey(EvaluationRun.TARGET_NAME)) {
            kind = targets.resolveNamed(target);
        }
        targets.check(kind, target);
        checkSubject(command.subjectKind(), command.subjectName(), command.subjectVersion());
        String runId = UUID.randomUUID().toString();
        if (TargetSpec.PREDICTIONS.equals(kind)) {
            runs.savePredictions(runId, checked(suite, command.predictions()));
        } else if (command.predictions() != null && !command.predictions().isEmpty()) {
            throw new FieldException("predictions", "only a run with target kind 'predictions' takes predictions");
        }
        commands.sendAndWait(new StartEvaluationRun(new RunId(runId), suite.suiteName(), suite.version(), suite.sha256(),
                                                    command.subjectKind(), command.subjectName(), command.subjectVersion(), kind,
                                                    target, suite.caseCount(), "api"));
        return new StartedRun(runId, RunDocument.RUNNING, suite.suiteName(), suite.version(), suite.sha256(), suite.caseCount());
    }

    private void checkSubject(String kind, String name, int version) {
        boolean known = Subjects.PROMPT.equals(kind) ? subjects.prompt(name, version).isPresent() : subjects.modelVersionKnown(name, version);
        if (!known) {
            throw new FieldException("subject.version", "eval-service knows no version " + version + " of " + kind + " '" + name
                    + "' (yet: the registry's event may still be on its way)");
        }
    }

    private List<Prediction> checked(SuiteVersionView suite, List<Prediction> predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw new FieldException("predictions", "a run with target kind 'predictions' needs them, keyed by case id");
        }
        Set<String> caseIds = new HashSet<>(suites.cases(suite.sha256()).stream().map(SuiteCase::id).toList());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < predictions.size(); i++) {
            String caseId = predictions.get(i).caseId();
            if (!caseIds.contains(caseId)) {
                throw new FieldException("predictions[" + i + "].caseId", "the suite version has no case '" + caseId + "'");
            }
            if (!seen.add(caseId)) {
                throw new FieldException("predictions[" + i + "].caseId", "a second prediction for case '" + caseId + "'");
            }
        }
        return predictions;
    }
}
