package io.modelledger.monitor.label.api;

import io.modelledger.platform.metadata.KeyBinding;

import java.util.List;

/**
 * Delayed ground truth for inferences of {@code model} in {@code environment}, each named by its {@code inferenceId}; answered
 * with a {@link LabelReceipt}. {@code binding}: the sender's key is bound to one deployment, and labels only that.
 */
public record RecordLabels(String model, String environment, List<Label> labels, KeyBinding binding) {

    public static final int MAX_LABELS = 10_000;

    /** One inference's true outcome, as sent: a class (text, number, boolean) or a number. */
    public record Label(String inferenceId, Object label) {
    }
}
