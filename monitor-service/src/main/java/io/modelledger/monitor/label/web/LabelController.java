package io.modelledger.monitor.label.web;

import io.modelledger.contracts.Names;
import io.modelledger.monitor.label.api.LabelReceipt;
import io.modelledger.monitor.label.api.RecordLabels;
import io.modelledger.platform.metadata.KeyBinding;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Delayed ground truth: {@code POST} up to 10,000 labels of one deployment (model and environment), each naming the inference it labels by the
 * {@code inferenceId} its telemetry record (or span, {@code modelledger.inference.id}) carried. The answer lists the
 * labels refused, with reasons; the others are kept, and the windows they fall in are evaluated again.
 */
@RestController
@RequestMapping("/api/monitor/labels")
class LabelController {

    private final CommandGateway commands;

    LabelController(CommandGateway commands) {
        this.commands = commands;
    }

    record LabelItem(@NotBlank @Size(max = 128) String inferenceId, @NotNull Object label) {
    }

    record LabelBatch(@NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
                      @NotBlank @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment,
                      @NotEmpty @Size(max = RecordLabels.MAX_LABELS) List<@Valid @NotNull LabelItem> labels) {
    }

    @PostMapping
    LabelReceipt record(@Valid @RequestBody LabelBatch batch) {
        List<RecordLabels.Label> labels = batch.labels().stream().map(i -> new RecordLabels.Label(i.inferenceId(), i.label())).toList();
        KeyBinding binding = KeyBinding.current().orElse(null);
        if (binding != null && !binding.covers(batch.model(), batch.environment())) {
            throw new io.modelledger.platform.domain.FieldException("environment", binding.refusal("label the records of"));
        }
        return commands.sendAndWait(new RecordLabels(batch.model(), batch.environment(), labels, binding));
    }
}
