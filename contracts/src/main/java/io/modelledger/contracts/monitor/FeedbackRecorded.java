package io.modelledger.contracts.monitor;

import java.time.Instant;
import java.util.List;

/**
 * A batch of user feedback on a model's inferences, as one governance event. {@code fromBoundKey}: an ingest key bound to
 * the items' deployment sent it (null in batches recorded before keys could be bound), so it is canary evidence.
 */
public record FeedbackRecorded(String batchId, String modelName, List<Item> items, Boolean fromBoundKey) {

    public FeedbackRecorded {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public FeedbackRecorded(String batchId, String modelName, List<Item> items) {
        this(batchId, modelName, items, null);
    }

    /**
     * Feedback on one inference (by {@code inferenceId} or {@code traceId}): a 1–5 {@code rating},
     * {@code thumbs} {@code up}/{@code down}, a {@code correction}, a free-text {@code comment}, and
     * {@code flags} such as {@code harmful} or {@code hallucination}.
     */
    public record Item(String inferenceId, String traceId, int modelVersion, String environment, Instant timestamp,
                       Integer rating, String thumbs, String correction, String comment, List<String> flags) {

        public Item {
            flags = flags == null ? List.of() : List.copyOf(flags);
        }

        /** Negative: thumbs down, a rating of 2 or less, or any flag. */
        public boolean negative() {
            return "down".equals(thumbs) || (rating != null && rating <= 2) || !flags.isEmpty();
        }
    }
}
