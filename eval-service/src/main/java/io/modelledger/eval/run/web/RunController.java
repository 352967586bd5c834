package io.modelledger.eval.run.web;

import io.modelledger.contracts.registry.Subjects;
import io.modelledger.eval.run.api.CancelEvaluationRun;
import io.modelledger.eval.run.api.FindRun;
import io.modelledger.eval.run.api.FindRunResults;
import io.modelledger.eval.run.api.ListRuns;
import io.modelledger.eval.run.api.Prediction;
import io.modelledger.eval.run.api.RunId;
import io.modelledger.eval.run.api.RunResultPage;
import io.modelledger.eval.run.api.RunView;
import io.modelledger.eval.run.api.StartRun;
import io.modelledger.eval.run.api.StartedRun;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.projection.ReadAfterWrite;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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
import java.util.List;
import java.util.Map;

/**
 * Evaluation runs: start one (202; it runs in the background), follow its progress, read its per-case
 * results, cancel it. Send an {@code Idempotency-Key} header to make retries of the start safe.
 */
@RestController
@Validated
@RequestMapping("/api/eval/runs")
class RunController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ProjectionGate gate;

    RunController(CommandGateway commands, QueryGateway queries, ProjectionGate gate) {
        this.commands = commands;
        this.queries = queries;
        this.gate = gate;
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

    @PostMapping
    ResponseEntity<StartedRun> start(@Valid @RequestBody StartRunRequest request) {
        List<Prediction> predictions = request.predictions() == null ? null
                : request.predictions().stream().map(p -> new Prediction(p.caseId(), p.output(), p.score())).toList();
        StartedRun started = commands.sendAndWait(new StartRun(request.suite().name(), request.suite().version(), request.subject().kind(),
                                                               request.subject().name(), request.subject().version(), request.target(),
                                                               predictions));
        // a client following the Location at once finds the run (the CLI's eval run --wait met a 404 in CI)
        ReadAfterWrite.await(gate, FindRun.READ_MODEL,
                             () -> queries.query(new FindRun(started.runId()), ResponseTypes.optionalInstanceOf(RunView.class)).join().isPresent());
        return ResponseEntity.accepted().location(URI.create("/api/eval/runs/" + started.runId())).body(started);
    }

    @GetMapping
    List<RunView> list(@RequestParam(required = false) @Pattern(regexp = "model|prompt", message = "must be model or prompt") String subjectKind,
                       @RequestParam(required = false) String subjectName, @RequestParam(required = false) @Min(1) Integer subjectVersion,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return queries.query(new ListRuns(subjectKind == null ? Subjects.MODEL : subjectKind, subjectName, subjectVersion, limit),
                             ResponseTypes.multipleInstancesOf(RunView.class)).join();
    }

    @GetMapping("/{runId}")
    RunView get(@PathVariable String runId) {
        return find(runId);
    }

    @GetMapping("/{runId}/results")
    RunResultPage results(@PathVariable String runId, @RequestParam(defaultValue = "0") @Min(0) int offset,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return queries.query(new FindRunResults(runId, offset, limit), ResponseTypes.optionalInstanceOf(RunResultPage.class)).join()
                      .orElseThrow(() -> noRun(runId));
    }

    @PostMapping("/{runId}/cancellation")
    ResponseEntity<RunView> cancel(@PathVariable String runId) {
        find(runId);
        commands.sendAndWait(new CancelEvaluationRun(new RunId(runId)));
        return ResponseEntity.accepted().body(find(runId));
    }

    private RunView find(String runId) {
        return queries.query(new FindRun(runId), ResponseTypes.optionalInstanceOf(RunView.class)).join().orElseThrow(() -> noRun(runId));
    }

    private static NotFoundException noRun(String runId) {
        return new NotFoundException("No run " + runId);
    }
}
