package io.modelledger.eval.compare.web;

import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.eval.compare.api.CompareRuns;
import io.modelledger.eval.compare.api.FindComparison;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.projection.ReadAfterWrite;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** A/B comparisons of two completed runs on the same suite version; each is recorded as an event. */
@RestController
@RequestMapping("/api/eval/comparisons")
class ComparisonController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ProjectionGate gate;

    ComparisonController(CommandGateway commands, QueryGateway queries, ProjectionGate gate) {
        this.commands = commands;
        this.queries = queries;
        this.gate = gate;
    }

    record CompareRequest(@NotBlank String baselineRunId, @NotBlank String candidateRunId) {
    }

    @PostMapping
    ResponseEntity<ComparisonCompleted> compare(@Valid @RequestBody CompareRequest request) {
        ComparisonCompleted result = commands.sendAndWait(new CompareRuns(request.baselineRunId(), request.candidateRunId()));
        // the console follows the Location at once (its A/B journey met a 404 in CI)
        ReadAfterWrite.await(gate, FindComparison.READ_MODEL, () -> queries.query(new FindComparison(result.comparisonId()),
                                                 ResponseTypes.optionalInstanceOf(ComparisonCompleted.class)).join().isPresent());
        return ResponseEntity.created(URI.create("/api/eval/comparisons/" + result.comparisonId())).body(result);
    }

    @GetMapping("/{comparisonId}")
    ComparisonCompleted get(@PathVariable String comparisonId) {
        return queries.query(new FindComparison(comparisonId), ResponseTypes.optionalInstanceOf(ComparisonCompleted.class)).join()
                      .orElseThrow(() -> new NotFoundException("No comparison " + comparisonId));
    }
}
