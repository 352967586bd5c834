package io.modelledger.eval.compare.web;

import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.eval.compare.command.Comparison.ComparisonId;
import io.modelledger.eval.compare.command.Comparison.RecordComparison;
import io.modelledger.eval.compare.query.Comparisons;
import io.modelledger.platform.domain.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** A/B comparisons of two completed runs on the same suite version; each is recorded as an event. */
@RestController
@RequestMapping("/api/eval/comparisons")
class ComparisonController {

    private final CommandGateway commands;
    private final Comparisons comparisons;

    ComparisonController(CommandGateway commands, Comparisons comparisons) {
        this.commands = commands;
        this.comparisons = comparisons;
    }

    record CompareRequest(@NotBlank String baselineRunId, @NotBlank String candidateRunId) {
    }

    @PostMapping
    ResponseEntity<ComparisonCompleted> compare(@Valid @RequestBody CompareRequest request) {
        String id = UUID.randomUUID().toString();
        ComparisonCompleted result = comparisons.compare(id, request.baselineRunId(), request.candidateRunId());
        commands.sendAndWait(new RecordComparison(new ComparisonId(id), result));
        return ResponseEntity.created(URI.create("/api/eval/comparisons/" + id)).body(result);
    }

    @GetMapping("/{comparisonId}")
    ComparisonCompleted get(@PathVariable String comparisonId) {
        return comparisons.find(comparisonId).orElseThrow(() -> new NotFoundException("No comparison " + comparisonId));
    }
}
