package io.modelledger.eval.run.web;

import io.modelledger.contracts.registry.Subjects;
import io.modelledger.eval.run.command.RunCommands.CancelEvaluationRun;
import io.modelledger.eval.run.command.EvaluationRun;
import io.modelledger.eval.run.command.RunCommands.StartEvaluationRun;
import io.modelledger.eval.run.command.RunId;
import io.modelledger.eval.run.execution.TargetSpec;
import io.modelledger.eval.run.execution.Targets;
import io.modelledger.eval.run.query.CaseResult;
import io.modelledger.eval.run.query.Prediction;
import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.query.RunStore;
import io.modelledger.eval.suite.query.SuiteCase;
import io.modelledger.eval.suite.query.SuiteCatalog;
import io.modelledger.eval.suite.query.SuiteCatalog.SuiteVersionView;
import io.modelledger.eval.suite.query.SuiteStore;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluation runs: start one (202; it runs in the background), follow its progress, read its per-case
 * results, cancel it. Send an {@code Idempotency-Key} header to make retries of the start safe.
 */
@RestController
@Validated
@RequestMapping("/api/eval/runs")
class RunController {

    private final CommandGateway commands;
    private final RunStore runs;
    private final SuiteCatalog catalog;
    private final SuiteStore suites;
    private final Targets targets;
    private final io.modelledger.eval.run.query.KnownSubjects subjects;

    private final Clock clock;

    RunController(CommandGateway commands, RunStore runs, SuiteCatalog catalog, SuiteStore suites, Targets targets,
                  io.modelledger.eval.run.query.KnownSubjects subjects, Clock clock) {
        this.clock = clock;
        this.commands = commands;
        this.runs = runs;
        this.catalog = catalog;
        this.suites = suites;
        this.targets = targets;
        this.subjects = subjects;
    }

    record SuiteRef(@NotBlank @Size(max = 128) String name, @Min(1) Integer version) {
    }

    record SubjectRef(@NotBlank @Pattern(regexp = "model|prompt", message = "must be model or prompt") String kind,
                      @NotBlank @Size(max = 128) String name, @NotNull @Min(1) Integer version) {
    }

    record StartRunRequest(@NotNull @Valid SuiteRef suite, @NotNull @Valid SubjectRef subject,
                           @NotNull Map<String, Object> target, @Size(max = 100_000) List<@Valid PredictionRequest> predictions) {
    }

    record PredictionRequest(@NotBlank String caseId, @NotNull @Size(max = 100_000) String output, Double score) {
    }

    record StartedRun(String runId, String status, String suiteName, int suiteVersion, String suiteSha256, int caseCount) {
    }

    record RunView(String runId, String status, String suiteName, int suiteVersion, String suiteSha256, String subjectKind,
                   String subjectName, int subjectVersion, String targetKind, Map<String, Object> target, String trigger,
                   int caseCount, int casesDone, int casesFailed, Instant startedAt, Instant finishedAt, long elapsedMs,
                   String startedBy, Boolean passed, Map<String, Double> metrics,
                   Map<String, io.modelledger.contracts.eval.MetricVerdict> verdicts, Map<String, Object> reports,
                   String failure) {
    }

    record ResultPage(List<CaseResult> results, Integer next) {
    }

    @PostMapping
    ResponseEntity<StartedRun> start(@Valid @RequestBody StartRunRequest request) {
        SuiteVersionView suite = (request.suite().version() == null
                ? catalog.latest(request.suite().name()) : catalog.version(request.suite().name(), request.suite().version()))
                .orElseThrow(() -> new FieldException("suite", "no such suite version"));
        Map<String, Object> target = new LinkedHashMap<>(request.target());
        String kind = String.valueOf(target.remove("kind"));
        if (target.containsKey(EvaluationRun.TARGET_NAME)) {
            kind = targets.resolveNamed(target);
        }
        targets.check(kind, target);
        SubjectRef subject = request.subject();
        if (Subjects.PROMPT.equals(subject.kind())) {
            if (subjects.prompt(subject.name(), subject.version()).isEmpty()) {
                throw new FieldException("subject.version", "eval-service knows no version " + subject.version()
                        + " of prompt '" + subject.name() + "' (yet: the registry's event may still be on its way)");
            }
        } else if (!subjects.modelVersionKnown(subject.name(), subject.version())) {
            throw new FieldException("subject.version", "eval-service knows no version " + subject.version()
                    + " of model '" + subject.name() + "' (yet: the registry's event may still be on its way)");
        }
        String runId = UUID.randomUUID().toString();
        if (TargetSpec.PREDICTIONS.equals(kind)) {
            savePredictions(runId, suite, request.predictions());
        } else if (request.predictions() != null && !request.predictions().isEmpty()) {
            throw new FieldException("predictions", "only a run with target kind 'predictions' takes predictions");
        }
        commands.sendAndWait(new StartEvaluationRun(new RunId(runId), suite.suiteName(), suite.version(), suite.sha256(),
                                                    subject.kind(), subject.name(), subject.version(), kind, target,
                                                    suite.caseCount(), "api"));
        return ResponseEntity.accepted().location(URI.create("/api/eval/runs/" + runId))
                             .body(new StartedRun(runId, RunDocument.RUNNING, suite.suiteName(), suite.version(), suite.sha256(),
                                                  suite.caseCount()));
    }

    private void savePredictions(String runId, SuiteVersionView suite, List<PredictionRequest> predictions) {
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
        runs.savePredictions(runId, predictions.stream().map(p -> new Prediction(p.caseId(), p.output(), p.score())).toList());
    }

    @GetMapping
    List<RunView> list(@RequestParam(required = false) @Pattern(regexp = "model|prompt", message = "must be model or prompt") String subjectKind,
                       @RequestParam(required = false) String subjectName, @RequestParam(required = false) @Min(1) Integer subjectVersion,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return runs.recent(subjectKind == null ? Subjects.MODEL : subjectKind, subjectName, subjectVersion, limit).stream()
                   .map(this::view).toList();
    }

    @GetMapping("/{runId}")
    RunView get(@PathVariable String runId) {
        return view(find(runId));
    }

    @GetMapping("/{runId}/results")
    ResultPage results(@PathVariable String runId, @RequestParam(defaultValue = "0") @Min(0) int offset,
                       @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        RunDocument run = find(runId);
        List<SuiteCase> page = suites.page(run.suiteSha256(), offset, limit);
        List<CaseResult> results = runs.results(runId, page.stream().map(SuiteCase::id).toList());
        return new ResultPage(results, offset + page.size() < run.caseCount() ? offset + page.size() : null);
    }

    @PostMapping("/{runId}/cancellation")
    ResponseEntity<RunView> cancel(@PathVariable String runId) {
        find(runId);
        commands.sendAndWait(new CancelEvaluationRun(new RunId(runId)));
        return ResponseEntity.accepted().body(view(find(runId)));
    }

    private RunDocument find(String runId) {
        return runs.find(runId).orElseThrow(() -> new NotFoundException("No run " + runId));
    }

    private RunView view(RunDocument r) {
        Instant end = r.finishedAt() != null ? r.finishedAt() : clock.instant();
        long elapsed = r.startedAt() == null ? 0 : Duration.between(r.startedAt(), end).toMillis();
        return new RunView(r.runId(), r.status(), r.suiteName(), r.suiteVersion(), r.suiteSha256(), r.subjectKind(), r.subjectName(),
                           r.subjectVersion(), r.targetKind(), r.target(), r.trigger(), r.caseCount(), r.casesDone(),
                           r.casesFailed(), r.startedAt(), r.finishedAt(), elapsed, r.startedBy(), r.passed(), r.metrics(),
                           r.verdicts(), r.reports(), r.failure());
    }
}
