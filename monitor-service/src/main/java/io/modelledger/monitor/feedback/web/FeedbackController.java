package io.modelledger.monitor.feedback.web;

import io.modelledger.platform.domain.FieldException;
import io.modelledger.contracts.monitor.FeedbackRecorded;
import io.modelledger.monitor.feedback.api.BatchId;
import io.modelledger.monitor.feedback.api.RecordFeedback;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * User feedback on inferences: each request is one {@code FeedbackRecorded} governance event carrying the
 * batch (so feedback is in the audit trail); a batch id sent again records nothing (200, {@code duplicate}).
 */
@RestController
@RequestMapping("/api/monitor/feedback")
class FeedbackController {

    private final CommandGateway commands;

    private final Clock clock;

    FeedbackController(CommandGateway commands, Clock clock) {
        this.clock = clock;
        this.commands = commands;
    }

    record FeedbackItem(@Size(max = 128) String inferenceId, @Size(max = 128) String traceId, @NotNull @Min(1) Integer version,
                        @NotBlank @Size(max = 64) String environment, Instant timestamp, @Min(1) @Max(5) Integer rating,
                        @Pattern(regexp = "up|down", message = "must be up or down") String thumbs,
                        @Size(max = 100_000) String correction, @Size(max = 10_000) String comment,
                        @Size(max = 10) List<@Pattern(regexp = "harmful|hallucination|offensive|incorrect|other",
                                message = "must be harmful, hallucination, offensive, incorrect or other") String> flags) {
    }

    record FeedbackBatchRequest(@NotBlank @Pattern(regexp = "^[A-Za-z0-9._-]{1,128}$", message = "1-128 letters, digits, '.', '_' or '-'") String batchId,
                                @NotBlank @Size(max = 128) String modelName,
                                @NotEmpty @Size(max = 10_000) List<@Valid @NotNull FeedbackItem> items) {
    }

    record Recorded(String batchId, int items, boolean duplicate) {
    }

    @PostMapping
    ResponseEntity<Recorded> record(@Valid @RequestBody FeedbackBatchRequest request) {
        Instant now = clock.instant();
        io.modelledger.platform.metadata.KeyBinding binding = io.modelledger.platform.metadata.KeyBinding.current().orElse(null);
        for (int i = 0; binding != null && i < request.items().size(); i++) {
            if (!binding.covers(request.modelName(), request.items().get(i).environment())) {
                throw new FieldException("items[" + i + "].environment", binding.refusal("send feedback for"));
            }
        }
        List<FeedbackRecorded.Item> items = request.items().stream()
                .map(i -> new FeedbackRecorded.Item(i.inferenceId(), i.traceId(), i.version(), i.environment(),
                                                    i.timestamp() == null ? now : i.timestamp(), i.rating(), i.thumbs(),
                                                    i.correction(), i.comment(), i.flags()))
                .toList();
        try {
            String batchId = binding == null ? request.batchId() : binding.ownBatchId(request.batchId());
            commands.sendAndWait(new RecordFeedback(new BatchId(batchId),
                                                    new FeedbackRecorded(batchId, request.modelName(), items, binding != null)));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConcurrencyException) {
                    return ResponseEntity.ok(new Recorded(request.batchId(), items.size(), true));
                }
            }
            throw e;
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(new Recorded(request.batchId(), items.size(), false));
    }
}
